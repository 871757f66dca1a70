// Needs libstdc++.so.6 (and through it libm.so.6 and libgcc_s.so.1).
#include <iostream>
#include <string>
int main() {
  std::string s = "crossgo";
  std::cout << s.size() << '\n';
}
