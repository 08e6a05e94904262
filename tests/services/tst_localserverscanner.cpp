// SPDX-License-Identifier: GPL-3.0-or-later
// LocalServerScanner against fake model servers on ports the system chose (never the real
// servers' fixed ports, which may be free or taken on the machine running the tests): servers
// found in port order with their models, ports with no server or no model server skipped, and
// the knocking bounded when a port takes the connection and says nothing.
#include "FakeHttpServer.h"
#include "FakeModelServer.h"
#include "generation/LocalServerScanner.h"
#include "generation/ModelServerProbe.h"
#include "support/AwaitTask.h"
#include "support/ClosedPort.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

using Flavour = FakeModelServer::Flavour;
using Kind = ModelServerInfo::Kind;
using Model = FakeModelServer::Model;

namespace {} // namespace

class TestLocalServerScanner : public QObject {
    Q_OBJECT

private slots:
    void defaultsAreTheServersOwnPorts();
    void findsEachServerWithItsModels();
    void skipsWhatIsNoModelServer();
    void closedPortsEndTheScanQuickly();
    void aPortThatSaysNothingIsBounded();
    void noPortsFindsNothing();
};

void TestLocalServerScanner::defaultsAreTheServersOwnPorts() {
    const LocalServerScanner scanner;
    QCOMPARE(LocalServerScanner::defaultPorts(), (QList<quint16>{11434, 8080, 1234, 8000}));
    QCOMPARE(scanner.ports(), LocalServerScanner::defaultPorts());
    QCOMPARE(scanner.connectDeadline(), 1500ms);
}

void TestLocalServerScanner::findsEachServerWithItsModels() {
    FakeModelServer ollama;
    ollama.setFlavour(Flavour::Ollama);
    ollama.setModels({Model{u"llama3.1"_s, 131072, 0, 8192, u"llm"_s}});
    QVERIFY(ollama.start());
    FakeModelServer llama;
    llama.setFlavour(Flavour::LlamaCpp);
    llama.setModels({Model{u"qwen"_s, 16384, 0, 0, u"llm"_s}});
    QVERIFY(llama.start());
    FakeModelServer lmStudio;
    lmStudio.setFlavour(Flavour::LmStudio);
    lmStudio.setModels({Model{u"phi-4"_s, 16384, 4096, 0, u"llm"_s}});
    QVERIFY(lmStudio.start());

    LocalServerScanner scanner;
    scanner.setPorts({ollama.port(), closedPort(), llama.port(), lmStudio.port()});
    const QList<ModelServerInfo> found = awaitTask(scanner.scan());
    QCOMPARE(found.size(), 3);
    QCOMPARE(found.at(0).kind, Kind::Ollama);
    QCOMPARE(found.at(0).baseUrl, QUrl(u"http://127.0.0.1:%1/v1"_s.arg(ollama.port())));
    QCOMPARE(found.at(0).models.size(), 1);
    QCOMPARE(found.at(0).models.first().id, u"llama3.1:latest"_s);
    QCOMPARE(found.at(0).models.first().contextTokens, 8192);
    QCOMPARE(found.at(1).kind, Kind::LlamaCpp);
    QCOMPARE(found.at(1).models.first().contextTokens, 16384);
    QCOMPARE(found.at(2).kind, Kind::LmStudio);
    QCOMPARE(found.at(2).models.first().contextTokens, 4096);
    // Looked for without a key, and only on loopback.
    for (const FakeModelServer *server : {&ollama, &llama, &lmStudio}) {
        for (const RecordedRequest &request : server->requests())
            QVERIFY(request.header("Authorization").isNull());
    }
}

void TestLocalServerScanner::skipsWhatIsNoModelServer() {
    FakeHttpServer web; // some other web server on one of the ports: 404 for everything
    QVERIFY(web.listen());
    FakeModelServer vllm;
    vllm.setFlavour(Flavour::Vllm);
    vllm.setModels({Model{u"served"_s, 32768, 0, 0, u"llm"_s}});
    QVERIFY(vllm.start());
    LocalServerScanner scanner;
    scanner.setPorts({web.port(), vllm.port()});
    const QList<ModelServerInfo> found = awaitTask(scanner.scan());
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().kind, Kind::Vllm);
    QCOMPARE(found.first().models.first().contextTokens, 32768);
}

void TestLocalServerScanner::closedPortsEndTheScanQuickly() {
    LocalServerScanner scanner;
    scanner.setPorts({closedPort(), closedPort()});
    QElapsedTimer clock;
    clock.start();
    QVERIFY(awaitTask(scanner.scan()).isEmpty());
    // Refusals come at once: no waiting out the 1.5 s connect deadline. Measured worst 0 ms under
    // ASan (3 runs, 2 cores); the bound is a 250 ms floor for scheduling noise.
    QVERIFY2(clock.elapsed() < 250, qPrintable(QString::number(clock.elapsed())));
}

void TestLocalServerScanner::aPortThatSaysNothingIsBounded() {
    QTcpServer mute; // takes connections, never answers
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    LocalServerScanner scanner;
    scanner.setPorts({mute.serverPort(), closedPort()});
    scanner.probe()->setDeadline(400ms);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(awaitTask(scanner.scan()).isEmpty());
    // The 400 ms deadline: measured worst 421 ms under ASan (3 runs, 2 cores); bound 3x.
    QVERIFY2(clock.elapsed() < 1300, qPrintable(QString::number(clock.elapsed())));
}

void TestLocalServerScanner::noPortsFindsNothing() {
    LocalServerScanner scanner;
    scanner.setPorts({});
    QVERIFY(awaitTask(scanner.scan()).isEmpty());
}

QTEST_GUILESS_MAIN(TestLocalServerScanner)
#include "tst_localserverscanner.moc"
