/* A minimal C program: crossgo's fixtures link it in many ways (dynamic, static, static-pie,
 * musl, cross, with and without RELRO/NX) to check inspect against readelf and file. */
#include <stdio.h>

int main(void) {
    puts("hello from C");
    return 0;
}
