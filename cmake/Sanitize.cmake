# SPDX-License-Identifier: ISC
# MIP_SANITIZE=address,undefined builds everything with ASan and UBSan; UBSan
# findings abort (no recovery) so that a test run fails on the first one.
# MIP_FUZZ adds libFuzzer instrumentation and the MIP_FUZZING define, which
# lets decoders accept bad checksums so mutated inputs reach deep code. It is
# never set in a release build (scripts/check-core-purity.sh checks presets).

if(MIP_SANITIZE)
    add_compile_options(-fsanitize=${MIP_SANITIZE} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${MIP_SANITIZE})
    if(MIP_SANITIZE MATCHES "undefined")
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
endif()

if(MIP_FUZZ)
    if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "MIP_FUZZ needs clang (libFuzzer)")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link)
    add_compile_definitions(MIP_FUZZING=1)
endif()
