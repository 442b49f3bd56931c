#!/bin/sh
# SPDX-License-Identifier: ISC
#
# Format every C file with the repository's .clang-format; with --check,
# change nothing and fail if any file is not formatted.
set -eu
cd "$(dirname "$0")/.."

files=$(git ls-files -co --exclude-standard -- '*.c' '*.h')
[ -n "$files" ] || exit 0
if [ "${1:-}" = "--check" ]; then
	# shellcheck disable=SC2086
	clang-format --dry-run --Werror $files
	echo "format: $(echo "$files" | wc -l) files clean"
else
	# shellcheck disable=SC2086
	clang-format -i $files
fi
