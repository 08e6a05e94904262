// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

// Estimates how many tokens a text costs a GPT-style model without shipping a tokenizer: a fast,
// deliberately pessimistic count, so that a prompt trimmed to fit by the estimate really fits.
class TokenEstimator {
public:
    // Chat formatting adds a few tokens per message (role, separators), and the reply is primed
    // with a few more; OpenAI documents 3 + 3 for its current models, 4 leaves room for others.
    static constexpr int PerMessageOverhead = 4;
    static constexpr int ReplyPriming = 3;

    // Tokens for `text`, by scanning it once (O(n), no allocation):
    //  - Latin words (ASCII and accented letters): max(1, ceil(letters / 6)), plus 1 per accented
    //    letter (BPE vocabularies split words at non-ASCII letters);
    //  - digit runs: ceil(digits / 3) (cl100k and o200k split numbers into groups of three);
    //  - punctuation and symbol runs: 1 + (length - 1) / 3 (`":"`, `},{` are one token or two);
    //  - each line-break run: 1; spaces and tabs: 0 (they join the following word);
    //  - Greek and Cyrillic letters: 0.5 each; Hebrew and Arabic: 1 each; Han, kana, Hangul and
    //    full-width forms: 1.2 each; other scripts (Devanagari, Thai, …): 1.2 each; characters
    //    outside the BMP (emoji): 3 each;
    //  - and never less than characters / 4.5.
    // Against tiktoken (cl100k_base, o200k_base) this overestimates English prose by about 0-20 %
    // and stays within about -15 %/+15 % elsewhere; the figures are in tst_tokenestimator.cpp.
    static int estimate(QStringView text);

    // Overhead of a chat request with `messages` messages, reply priming included.
    static constexpr int chatOverhead(int messages) {
        return messages * PerMessageOverhead + ReplyPriming;
    }
};
