# SPDX-License-Identifier: GPL-3.0-or-later
# The project's libraries from the bottom up, and the build's check that arrows only point down:
# a library links only libraries listed before it, the Qt-Core-only ones link nothing that needs
# a network, a database or a display, and every source file includes headers only of its own
# library or of one it links (docs/ARCHITECTURE.md draws the same list).
set(OUTREACH_LAYERS
    outreach_domain          # domain/: value types, JSON parsing and validation
    outreach_platform        # services/platform/: logging, redaction, the keychain
    outreach_statistics      # services/activity/ (statistics): interval estimates
    outreach_net             # services/net/: HTTP with one retry policy
    outreach_mail            # services/mail/: MIME messages and IMAP
    outreach_storage         # services/storage/: the SQLite cache, drafts, the demo workspace
    outreach_generation_core # services/generation/ (text): prompt, token estimate, stream decoders
    outreach_review          # services/review/: checks, confidence, reading the model's answer
    outreach_generation      # services/generation/ (network): the model endpoint and generator
    outreach_crm             # services/crm/: the CRM client, sync, outbox, context assembly
    outreach_activity        # services/activity/: outcomes and effectiveness
    outreach_workspace       # services/workspace/: one CRM session, connection tests
    outreach_composition     # services/composition/: one composition, start to end
    outreach_batch           # services/batch/: many compositions at the rate limits' pace
    outreach_itemmodels      # ui/itemmodels/: Qt item models over the domain
    outreach_ui              # ui/: widgets
    outreach_app             # app/: command line, composition root, headless runs
)
# Libraries that need Qt Core and nothing heavier (the fuzz targets link these alone).
set(OUTREACH_CORE_ONLY_LAYERS
    outreach_domain outreach_statistics outreach_generation_core outreach_review
    outreach_itemmodels)

# Links of `target` that are project libraries, direct and through their own links.
function(_outreach_link_closure target out)
    set(seen "")
    set(queue ${target})
    while(queue)
        list(POP_FRONT queue current)
        get_target_property(links ${current} LINK_LIBRARIES)
        get_target_property(interface_links ${current} INTERFACE_LINK_LIBRARIES)
        foreach(link IN LISTS links interface_links)
            if(link IN_LIST OUTREACH_LAYERS AND NOT link IN_LIST seen)
                list(APPEND seen ${link})
                list(APPEND queue ${link})
            endif()
        endforeach()
    endwhile()
    set(${out} ${seen} PARENT_SCOPE)
endfunction()

function(outreach_check_layers)
    set(heavy_pattern "^(Qt6::(Network|Sql|Gui|Widgets|Charts|Svg)|QCoro6::Network|Qt6Keychain::)")
    set(owners_file ${PROJECT_BINARY_DIR}/outreach_layers.cmake)
    set(owners "")
    foreach(target IN LISTS OUTREACH_LAYERS)
        if(NOT TARGET ${target})
            continue()
        endif()
        list(FIND OUTREACH_LAYERS ${target} rank)
        get_target_property(links ${target} LINK_LIBRARIES)
        get_target_property(interface_links ${target} INTERFACE_LINK_LIBRARIES)
        foreach(link IN LISTS links interface_links)
            list(FIND OUTREACH_LAYERS ${link} link_rank)
            if(link_rank GREATER_EQUAL rank)
                message(FATAL_ERROR "${target} links ${link}, which is not below it "
                                    "(cmake/OutreachLayers.cmake lists the order)")
            endif()
            if(target IN_LIST OUTREACH_CORE_ONLY_LAYERS AND link MATCHES "${heavy_pattern}")
                message(FATAL_ERROR "${target} must need Qt Core only, but links ${link}")
            endif()
        endforeach()
        _outreach_link_closure(${target} closure)
        get_target_property(source_dir ${target} SOURCE_DIR)
        get_target_property(sources ${target} SOURCES)
        set(absolute_sources "")
        foreach(source IN LISTS sources)
            cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${source_dir} NORMALIZE)
            list(APPEND absolute_sources ${source})
        endforeach()
        string(APPEND owners "set(sources_${target} \"${absolute_sources}\")\n"
                             "set(allowed_${target} \"${target};${closure}\")\n")
        list(APPEND all_targets ${target})
    endforeach()
    string(APPEND owners "set(OUTREACH_CHECKED_TARGETS \"${all_targets}\")\n")
    file(GENERATE OUTPUT ${owners_file} CONTENT "${owners}")
    set(all_sources "")
    foreach(target IN LISTS all_targets)
        get_target_property(source_dir ${target} SOURCE_DIR)
        get_target_property(sources ${target} SOURCES)
        foreach(source IN LISTS sources)
            cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${source_dir} NORMALIZE)
            list(APPEND all_sources ${source})
        endforeach()
    endforeach()
    # Runs whenever a source changes, so an include that points up fails the build at once.
    set(stamp ${PROJECT_BINARY_DIR}/outreach_layers.stamp)
    add_custom_command(OUTPUT ${stamp}
        COMMAND ${CMAKE_COMMAND} -DOWNERS=${owners_file} -DSOURCE_ROOT=${PROJECT_SOURCE_DIR}
                -DSTAMP=${stamp} -P ${PROJECT_SOURCE_DIR}/cmake/CheckIncludes.cmake
        DEPENDS ${all_sources} ${owners_file} ${PROJECT_SOURCE_DIR}/cmake/CheckIncludes.cmake
        COMMENT "Checking that every include points down the layers"
        VERBATIM)
    add_custom_target(outreach_layers ALL DEPENDS ${stamp})
endfunction()
