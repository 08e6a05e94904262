// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/ModelServerInfo.h"

using namespace Qt::StringLiterals;

QString ModelServerInfo::kindName(Kind kind) {
    // The products' own names are not translated.
    switch (kind) {
    case Kind::LlamaCpp:
        return u"llama.cpp"_s;
    case Kind::Ollama:
        return u"Ollama"_s;
    case Kind::LmStudio:
        return u"LM Studio"_s;
    case Kind::Vllm:
        return u"vLLM"_s;
    case Kind::OpenAI:
        return u"OpenAI"_s;
    case Kind::Compatible:
        return tr("OpenAI-compatible server");
    case Kind::Unknown:
        break;
    }
    return tr("Unknown server");
}

const ServedModel *ModelServerInfo::model(const QString &id) const {
    for (const ServedModel &served : models) {
        if (served.id == id)
            return &served;
    }
    return nullptr;
}
