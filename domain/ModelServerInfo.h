// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ServedModel.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUrl>

// What a model server turned out to be: which software, the OpenAI-compatible base URL to put
// in the settings, and the models it serves.
struct ModelServerInfo {
    Q_DECLARE_TR_FUNCTIONS(ModelServerInfo)

public:
    enum class Kind {
        Unknown,    // answered, but like no model server known here
        LlamaCpp,   // llama.cpp's llama-server
        Ollama,     //
        LmStudio,   //
        Vllm,       //
        OpenAI,     // api.openai.com
        Compatible, // another server with the OpenAI model list (a proxy, LocalAI, …)
    };

    Kind kind = Kind::Unknown;
    QUrl baseUrl; // the /v1 base that /chat/completions goes after
    QList<ServedModel> models;
    int parallelSlots =
        0; // llama.cpp: parallel slots, each with its own share of the context; 0 unknown

    // "llama.cpp", "Ollama", "LM Studio", "vLLM", "OpenAI", "OpenAI-compatible server", …
    static QString kindName(Kind kind);
    QString kindName() const { return kindName(kind); }
    // The model called `id`, or nullptr.
    const ServedModel *model(const QString &id) const;
};
