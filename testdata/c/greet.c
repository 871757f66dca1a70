/* A small shared library (built with a SONAME and an RPATH) and its caller use-greet.c
 * (built with a RUNPATH), for inspect's soname / rpath / runpath / needed checks. */
#include <stdio.h>

int greet(const char *who) { return printf("hello, %s\n", who); }
