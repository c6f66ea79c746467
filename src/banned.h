/*
 * banned.h - C library calls ttsim does not use, refused at compile time.
 *
 * As git does: a banned function is redefined to an undeclared identifier
 * that names the reason, so a new use fails to compile with a message that
 * says why.  Included by every library and CLI source through the build
 * (meson.build adds `-include banned.h`); it includes the system headers
 * that declare these first, so the redefinitions only catch calls.
 *
 *   strcpy, strcat, strncpy, strncat, sprintf, vsprintf, gets: unbounded
 *       or easy to misuse; use snprintf / memcpy with a known length
 *   strtok: hidden state; scan by hand
 *   atoi, atol, atof: no error reporting; use strtol/strtod and check
 *   system, popen: no shell-outs
 *   tmpnam, mktemp: races; use mkstemp (outfile.c)
 *   rand, srand: global state; use rng.h streams
 *   gmtime, localtime, ctime, asctime: global state and time zones; use
 *       fmt.c's civil-from-days
 */
#ifndef TTSIM_BANNED_H
#define TTSIM_BANNED_H

/* The real prototypes first: their include guards keep later includes
 * from seeing the macros below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TT_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) TT_BANNED(strcpy)
#undef strcat
#define strcat(x, y) TT_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) TT_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) TT_BANNED(strncat)
#undef sprintf
#define sprintf(...) TT_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) TT_BANNED(vsprintf)
#undef gets
#define gets(x) TT_BANNED(gets)
#undef strtok
#define strtok(x, y) TT_BANNED(strtok)
#undef atoi
#define atoi(x) TT_BANNED(atoi)
#undef atol
#define atol(x) TT_BANNED(atol)
#undef atof
#define atof(x) TT_BANNED(atof)
#undef system
#define system(x) TT_BANNED(system)
#undef popen
#define popen(x, y) TT_BANNED(popen)
#undef tmpnam
#define tmpnam(x) TT_BANNED(tmpnam)
#undef mktemp
#define mktemp(x) TT_BANNED(mktemp)
#undef rand
#define rand() TT_BANNED(rand)
#undef srand
#define srand(x) TT_BANNED(srand)
#undef gmtime
#define gmtime(x) TT_BANNED(gmtime)
#undef localtime
#define localtime(x) TT_BANNED(localtime)
#undef ctime
#define ctime(x) TT_BANNED(ctime)
#undef asctime
#define asctime(x) TT_BANNED(asctime)

#endif
