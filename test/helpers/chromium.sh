#!/bin/sh
# Chromium as the browser tests launch it (test/helpers/browser.ts): the binary named by
# UNDERSTUDY_CHROMIUM_BINARY, with every --disable-features it is given merged into one. Chromium
# honours only the last --disable-features on its command line; Playwright passes its own list (the
# features that would call Google or change what it drives), and the tests add theirs after it.
disabled=
for arg do
  shift
  case $arg in
    --disable-features=*) disabled="${disabled:+$disabled,}${arg#--disable-features=}" ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec "$UNDERSTUDY_CHROMIUM_BINARY" "$@" ${disabled:+"--disable-features=$disabled"}
