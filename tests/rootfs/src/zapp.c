/* Needs libz.so.1 (declared here: the trees carry zlib1g, not its headers). */
const char *zlibVersion(void);
int main(void) { return zlibVersion()[0] == '\0'; }
