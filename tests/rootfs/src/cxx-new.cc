// A shared library using std::string::reserve() without an argument, which GCC 11's libstdc++
// added as GLIBCXX_3.4.29: Debian 11's libstdc++ (GCC 10) only goes to GLIBCXX_3.4.28.
#include <string>
void cxx_new_reserve(std::string &s) { s.reserve(); }
