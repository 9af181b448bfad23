// `latent`: the headless command line. Core only, runs where there is no display or no Qt.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/cli.h"

int main(int argc, char** argv) {
    latent::cli::watchModelCalls();
    return latent::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
