// Shared option parsing of the subcommands.
#include "app/command_line.hpp"

#include <iostream>

#include "app/commands.hpp"

namespace po = boost::program_options;

namespace app {

CommandLine::CommandLine(std::string command, std::string usage)
    : command_(std::move(command)), usage_(std::move(usage)) {
  visible_.add_options()("help,h", "show this help");
}

void CommandLine::positional(const char* name, std::string* target, bool required) {
  hidden_.add_options()(name, po::value(target));
  positional_.add(name, 1);
  positional_names_.emplace_back(name, required);
}

void CommandLine::positional_list(const char* name, std::vector<std::string>* target) {
  hidden_.add_options()(name, po::value(target)->multitoken());
  positional_.add(name, -1);
  positional_names_.emplace_back(name, true);
}

std::optional<int> CommandLine::parse(int argc, char** argv) {
  po::options_description all;
  all.add(visible_).add(hidden_);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional_).run(), vm_);
    po::notify(vm_);
  } catch (const po::error& e) {
    std::cerr << "aidivide " << command_ << ": " << e.what() << "\n" << usage_ << visible_;
    return kExitBadInput;
  }
  if (has("help")) {
    std::cout << usage_ << visible_;
    return kExitOk;
  }
  for (const auto& [name, required] : positional_names_) {
    if (required && !vm_.count(name)) {
      std::cerr << "aidivide " << command_ << ": missing " << name << "\n" << usage_ << visible_;
      return kExitBadInput;
    }
  }
  return std::nullopt;
}

}  // namespace app
