#ifndef ZOO_CJPEG_SHIM_H
#define ZOO_CJPEG_SHIM_H
/* libjpeg-turbo's TurboJPEG API: errors come back as return codes (no setjmp/longjmp, which Swift cannot use). */
#include <turbojpeg.h>
#endif
