# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the build into a fresh prefix and checks the desktop integration landed in the
# standard places and agrees with itself: the desktop file's Exec and Icon exist, the metainfo's
# <launchable> names the installed desktop file, and main.cpp uses the desktop file's id.
foreach(var BUILD_DIR PREFIX SOURCE_DIR BINDIR DATADIR APP_ID ICON_NAME SIZES)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_install.cmake: -D${var}= is required")
    endif()
endforeach()

file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${result}):\n${output}")
endif()

set(share "${PREFIX}/${DATADIR}")
set(expected
    "${PREFIX}/${BINDIR}/outreachgpt"
    "${share}/applications/${APP_ID}.desktop"
    "${share}/metainfo/${APP_ID}.metainfo.xml"
    "${share}/icons/hicolor/scalable/apps/${ICON_NAME}.svg")
foreach(size IN LISTS SIZES)
    list(APPEND expected "${share}/icons/hicolor/${size}x${size}/apps/${ICON_NAME}.png")
endforeach()
foreach(file IN LISTS expected)
    if(NOT EXISTS "${file}")
        message(FATAL_ERROR "not installed: ${file}")
    endif()
    message(STATUS "installed: ${file}")
endforeach()

# The rendered PNGs are also checked for their sizes once installed.
execute_process(COMMAND "${CMAKE_COMMAND}" "-DICON_DIR=${share}/icons/hicolor"
    "-DICON_NAME=${ICON_NAME}" "-DSIZES=${SIZES}" -P "${CMAKE_CURRENT_LIST_DIR}/check_icons.cmake"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "installed icons:\n${output}")
endif()

file(STRINGS "${share}/applications/${APP_ID}.desktop" exec_line REGEX "^Exec=")
file(STRINGS "${share}/applications/${APP_ID}.desktop" icon_line REGEX "^Icon=")
if(NOT exec_line STREQUAL "Exec=outreachgpt")
    message(FATAL_ERROR "desktop file: unexpected '${exec_line}', expected Exec=outreachgpt")
endif()
if(NOT icon_line STREQUAL "Icon=${ICON_NAME}")
    message(FATAL_ERROR "desktop file: '${icon_line}' does not name the installed icon ${ICON_NAME}")
endif()

file(READ "${share}/metainfo/${APP_ID}.metainfo.xml" metainfo)
foreach(needle "<id>${APP_ID}</id>"
        "<launchable type=\"desktop-id\">${APP_ID}.desktop</launchable>"
        "<binary>outreachgpt</binary>")
    string(FIND "${metainfo}" "${needle}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "metainfo: ${needle} not found")
    endif()
endforeach()

file(READ "${SOURCE_DIR}/app/main.cpp" main_cpp)
string(FIND "${main_cpp}" "setDesktopFileName(u\"${APP_ID}\"_s)" at)
if(at EQUAL -1)
    message(FATAL_ERROR "app/main.cpp does not call setDesktopFileName with ${APP_ID}")
endif()

file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "desktop integration installs and is consistent")
