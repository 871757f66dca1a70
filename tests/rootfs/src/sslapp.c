/* Needs libssl.so.3 (TLS_method is libssl's), which needs libcrypto.so.3: a dependency found at
 * depth 2. Declared here: the trees carry libssl3, not its headers. */
const void *TLS_method(void);
int main(void) { return TLS_method() == 0; }
