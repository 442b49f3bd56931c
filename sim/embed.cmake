# SPDX-License-Identifier: ISC
# Turns a text file into a C source defining scn_default_text[] and
# scn_default_len, so mipsim carries sim/scenarios/default.scn built in
# (one source of truth). Run as: cmake -DINPUT=... -DOUTPUT=... -P embed.cmake
get_filename_component(name ${INPUT} NAME)
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n\t" bytes "${bytes}")
file(WRITE ${OUTPUT}.tmp
"/* Generated from ${name} by sim/embed.cmake; do not edit. */\n"
"#include \"sim_script.h\"\n\n"
"const char scn_default_text[] = {\n\t${bytes}0x00 };\n"
"const size_t scn_default_len = ${len};\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
