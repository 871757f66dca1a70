// A minimal C++ program: std::string, iostream and an exception give it GLIBCXX_* and CXXABI_*
// version needs on libstdc++, so inspect's min_glibcxx / min_cxxabi have something to find.
#include <iostream>
#include <stdexcept>
#include <string>

int main(int argc, char **) {
    std::string who = "C++";
    try {
        if (argc > 5) throw std::runtime_error("too many arguments");
        std::cout << "hello from " << who << std::endl;
    } catch (const std::exception &e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
