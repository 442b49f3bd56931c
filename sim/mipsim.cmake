# SPDX-License-Identifier: ISC
# The mipsim executable (included from sim/CMakeLists.txt): the scenario
# parser as a library of its own (libmip only, so fuzz/fuzz_scenario.c can
# link it without the world), the built-in default scenario embedded from
# sim/scenarios/default.scn (one source of truth), and main with the run,
# the summary and the JSON metrics (jansson).
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)

set(MIPSIM_DEFAULT_SCN ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/default.scn)
add_custom_command(
    OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/scn_default.c
    COMMAND ${CMAKE_COMMAND} -DINPUT=${MIPSIM_DEFAULT_SCN}
        -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/scn_default.c
        -P ${CMAKE_CURRENT_SOURCE_DIR}/embed.cmake
    DEPENDS ${MIPSIM_DEFAULT_SCN} ${CMAKE_CURRENT_SOURCE_DIR}/embed.cmake
    COMMENT "Embedding sim/scenarios/default.scn")

add_library(mipsim_script STATIC
    sim_script.c scn_lex.c scn_roles.c scn_at.c
    ${CMAKE_CURRENT_BINARY_DIR}/scn_default.c)
target_include_directories(mipsim_script PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
set_target_properties(mipsim_script PROPERTIES C_STANDARD 11
    C_STANDARD_REQUIRED ON C_EXTENSIONS ON)
target_compile_definitions(mipsim_script PRIVATE _GNU_SOURCE)
target_link_libraries(mipsim_script PUBLIC mip)
mip_strict_warnings(mipsim_script)

add_executable(mipsim mipsim.c mipsim_run.c mipsim_report.c sim_metrics.c)
set_target_properties(mipsim PROPERTIES C_STANDARD 11
    C_STANDARD_REQUIRED ON C_EXTENSIONS ON)
target_compile_definitions(mipsim PRIVATE _GNU_SOURCE)
target_link_libraries(mipsim PRIVATE mipsim_script mipsim_lib
    PkgConfig::JANSSON)
mip_strict_warnings(mipsim)
install(TARGETS mipsim RUNTIME DESTINATION bin)
