// SimRandom: the simulator's only source of randomness — SplitMix64 and a few integer-only
// distributions built on it.
//
// std:: distributions are not specified bit-for-bit and differ between standard libraries, and
// floating-point transcendental functions differ between libms, so everything here is integer
// arithmetic on the raw 64-bit stream: the same seed gives the same portfolio on every platform.
// Plain value type (8 bytes), one per simulated account; not thread-safe to share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace arledger::sim {

// One band of a banded distribution: `weight` out of the table's total, uniform over
// [low, high] (inclusive).
struct Band {
  int32_t weight;
  int64_t low;
  int64_t high;
};

class SimRandom {
 public:
  explicit SimRandom(uint64_t seed) : state_(seed) {}

  // A stream for one of many independent actors (e.g. an account), decorrelated from the
  // streams of its neighbours by hashing (seed, stream).
  static SimRandom ForStream(uint64_t seed, uint64_t stream) {
    SimRandom mixer(seed ^ (stream * 0xd1342543de82ef95ull));
    mixer.Next();
    return SimRandom(mixer.Next());
  }

  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, bound), bound > 0. Modulo bias is below bound / 2^64: negligible here.
  uint64_t Below(uint64_t bound) { return Next() % bound; }

  // Uniform in [low, high], inclusive; low <= high.
  int64_t Between(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(Below(static_cast<uint64_t>(high - low) + 1));
  }

  // True with probability per_mille / 1000.
  bool PerMille(int32_t per_mille) { return Below(1000) < static_cast<uint64_t>(per_mille); }

  // An index into `weights`, chosen with probability weights[i] / sum(weights).
  size_t Pick(std::span<const int32_t> weights) {
    int64_t total = 0;
    for (int32_t weight : weights) total += weight;
    int64_t ticket = static_cast<int64_t>(Below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < weights.size(); ++i) {
      ticket -= weights[i];
      if (ticket < 0) return i;
    }
    return weights.size() - 1;
  }

  // A value from a banded distribution: pick a band by weight, then uniform within it.
  int64_t FromBands(std::span<const Band> bands) {
    int64_t total = 0;
    for (const Band& band : bands) total += band.weight;
    int64_t ticket = static_cast<int64_t>(Below(static_cast<uint64_t>(total)));
    for (const Band& band : bands) {
      ticket -= band.weight;
      if (ticket < 0) return Between(band.low, band.high);
    }
    return Between(bands.back().low, bands.back().high);
  }

  // `amount_minor` scaled by a uniform percentage in [low_percent, high_percent], at least 1.
  int64_t ScalePercent(int64_t amount_minor, int64_t low_percent, int64_t high_percent) {
    const int64_t scaled = amount_minor * Between(low_percent, high_percent) / 100;
    return scaled > 0 ? scaled : 1;
  }

 private:
  uint64_t state_;
};

}  // namespace arledger::sim
