// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/CopiedSpans.h"

#include <algorithm>

QList<CopiedSpans::Run> CopiedSpans::find(const FoldedText &part,
                                          const QList<ContextFacts::InjectedText> &texts) {
    QList<Run> runs;
    if (texts.isEmpty())
        return runs;
    constexpr qsizetype span = ContextFacts::InjectedSpanWords;
    for (qsizetype i = 0; i + span <= part.words().size(); ++i) {
        const QString key = part.span(i, span);
        for (const ContextFacts::InjectedText &text : texts) {
            if (text.spans.contains(key)) {
                runs.append({i, i + span - 1, text.source});
                break;
            }
        }
    }
    return runs;
}

QList<CopiedSpans::Run> CopiedSpans::merged(QList<Run> runs) {
    std::sort(runs.begin(), runs.end());
    QList<Run> result;
    for (const Run &run : runs) {
        if (!result.isEmpty() && run.first <= result.last().last + 1) {
            result.last().last = std::max(result.last().last, run.last);
            if (result.last().source < 0)
                result.last().source = run.source;
        } else {
            result.append(run);
        }
    }
    return result;
}
