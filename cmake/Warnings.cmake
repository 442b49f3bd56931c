# SPDX-License-Identifier: ISC
# Compiler warnings. mip_strict_warnings(target) applies the full set used for
# production code; mip_test_warnings(target) a lighter set for tests and fuzz
# harnesses, whose frameworks trip -Wconversion and -Wcast-qual.

set(MIP_WARNINGS_COMMON
    -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
    -Wpointer-arith -Wvla -Wundef -Wwrite-strings -Wformat=2
    -Wimplicit-fallthrough)
set(MIP_WARNINGS_STRICT
    ${MIP_WARNINGS_COMMON} -Wconversion -Wsign-conversion -Wcast-qual
    -Wcast-align -Wswitch-enum -Wmissing-declarations -Wnull-dereference)

function(mip_strict_warnings target)
    target_compile_options(${target} PRIVATE ${MIP_WARNINGS_STRICT})
    if(MIP_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

function(mip_test_warnings target)
    target_compile_options(${target} PRIVATE ${MIP_WARNINGS_COMMON})
    if(MIP_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
