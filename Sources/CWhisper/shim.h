// whisper.cpp's C API, built and installed under /usr/local by scripts/install-whisper.sh.
#include <whisper.h>
