# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that each rendered icon is a PNG whose IHDR says SIZE x SIZE.
# -DICON_DIR=<build>/resources/icons/hicolor -DICON_NAME=outreachgpt "-DSIZES=16;32;..."
foreach(var ICON_DIR ICON_NAME SIZES)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_icons.cmake: -D${var}= is required")
    endif()
endforeach()

function(check_png file size)
    if(NOT EXISTS "${file}")
        message(FATAL_ERROR "missing icon: ${file}")
    endif()
    # 8-byte signature, then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4).
    file(READ "${file}" header LIMIT 24 HEX)
    string(SUBSTRING "${header}" 0 16 signature)
    string(SUBSTRING "${header}" 24 8 chunk)
    string(SUBSTRING "${header}" 32 8 width_hex)
    string(SUBSTRING "${header}" 40 8 height_hex)
    if(NOT signature STREQUAL "89504e470d0a1a0a" OR NOT chunk STREQUAL "49484452")
        message(FATAL_ERROR "not a PNG: ${file}")
    endif()
    math(EXPR width "0x${width_hex}")
    math(EXPR height "0x${height_hex}")
    if(NOT width EQUAL size OR NOT height EQUAL size)
        message(FATAL_ERROR "${file} is ${width}x${height}, expected ${size}x${size}")
    endif()
    message(STATUS "ok: ${file} ${width}x${height}")
endfunction()

foreach(size IN LISTS SIZES)
    check_png("${ICON_DIR}/${size}x${size}/apps/${ICON_NAME}.png" ${size})
endforeach()
