# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the translation template the build wrote (translations/CMakeLists.txt): it holds the
# strings of the main window, the compose area, the settings and the effectiveness view, and
# enough of them that a class whose strings lupdate could not attribute would show.
# Usage: cmake -DTS=<path to outreachgpt.ts> -P check_translations.cmake
if(NOT EXISTS "${TS}")
    message(FATAL_ERROR "The build did not write ${TS}")
endif()
file(READ "${TS}" ts)
string(REGEX MATCHALL "<message" messages "${ts}")
list(LENGTH messages count)
if(count LESS 600)
    message(FATAL_ERROR "Only ${count} strings in ${TS}; expected at least 600")
endif()
foreach(context MainWindow ComposePane ComposeSession MetadataPanel InlineMessage HistoryPanel
        OutboxDialog SettingsDialog ModelSettingsPage EffectivenessView ConnectionTester
        PromptPreset DraftStore)
    string(FIND "${ts}" "<name>${context}</name>" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "No strings of ${context} in ${TS}")
    endif()
endforeach()
message(STATUS "${count} strings in ${TS}")
