// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;

// How the draft reads on a phone: a narrow frame about 360 pixels wide with the inbox entry
// (the subject cut where a phone cuts it, then the opening of the body) and the opened message,
// its subject and body wrapped at that width.
class PhonePreview : public QFrame {
    Q_OBJECT
public:
    static constexpr int ScreenWidth = 360;

    explicit PhonePreview(QWidget *parent = nullptr);

    void showDraft(const QString &subject, const QString &body);

    // What the inbox entry shows, as plain text: its subject line (elided to the width) and its
    // preview line.
    QString inboxSubjectText() const;
    QString inboxPreviewText() const;
    QString bodyText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void layOutInbox();

    QString m_subject;
    QString m_body;
    QLabel *m_inboxSubject;
    QLabel *m_inboxPreview;
    QLabel *m_subjectLabel;
    QLabel *m_bodyLabel;
};
