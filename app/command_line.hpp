// Option parsing shared by the subcommands: positional arguments, --help, and usage on errors.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace app {

class CommandLine {
 public:
  // `command` names the subcommand in messages; `usage` is printed before the options.
  CommandLine(std::string command, std::string usage);

  // Options shown in --help; add with options().add_options()(...).
  boost::program_options::options_description& options() { return visible_; }
  // Positional arguments, in order, each stored in `*target` (required ones are checked by
  // parse()).
  void positional(const char* name, std::string* target, bool required = true);
  // All remaining positional arguments (at least one), e.g. several run files.
  void positional_list(const char* name, std::vector<std::string>* target);

  // Parses argv (argv[0] is the subcommand). Returns an exit status when the command must stop
  // now: 0 after --help, 2 after bad options or a missing positional argument.
  std::optional<int> parse(int argc, char** argv);
  bool has(const char* name) const { return vm_.count(name) > 0; }

 private:
  std::string command_, usage_;
  boost::program_options::options_description visible_{"options"};
  boost::program_options::options_description hidden_;
  boost::program_options::positional_options_description positional_;
  std::vector<std::pair<std::string, bool>> positional_names_;  // name, required
  boost::program_options::variables_map vm_;
};

}  // namespace app
