int outer(void);
int main(void) { return outer() != 2; }
