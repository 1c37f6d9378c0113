// The fuzz targets' main in normal (non-libFuzzer) builds: runs LLVMFuzzerTestOneInput once on
// every file named on the command line or found (not recursively) in a directory named there.
// ctest uses it to replay the committed seed corpora and every crash ever found
// (tests/fuzz/regressions/), so a fixed bug stays fixed in the gcc and sanitizer builds.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr size_t kInputBytesMax = 1 << 20;

bool RunOne(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.size() > kInputBytesMax) {
    std::fprintf(stderr, "%s is over %zu bytes\n", path.c_str(), kInputBytesMax);
    return false;
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path path(argv[i]);
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path)) {
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else {
      files.push_back(path);
    }
    for (const std::filesystem::path& file : files) {
      if (!RunOne(file)) return 1;
      ++inputs;
    }
  }
  std::printf("replayed %d input(s) without a crash\n", inputs);
  return inputs > 0 ? 0 : 1;
}
