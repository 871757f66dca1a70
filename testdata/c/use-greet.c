/* Calls greet() from libgreet.so.1 (see greet.c); linked with a RUNPATH. */
int greet(const char *who);

int main(void) { return greet("world") > 0 ? 0 : 1; }
