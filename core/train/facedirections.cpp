#include "core/train/facedirections.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/edit/apply.h"
#include "core/edit/attribute.h"
#include "core/edit/editforward.h"
#include "core/edit/linalg.h"
#include "core/model/generator.h"
#include "core/train/faceattributes.h"
#include "core/train/faceregressor.h"
#include "core/train/faces.h"
#include "core/train/quality.h"

namespace latent::train {

namespace {

// A continuous attribute's "has" examples must read this much of its range above every "lacks"
// example: a quarter wear glasses, so the top 30 % by glasses also holds faces without them.
constexpr double kLabelMargin = 0.05;
constexpr std::int64_t kPopulationRows = 10000;  // faces the attributes' spread is taken from
constexpr std::uint64_t kQualityFirstFace = 2000000;  // real faces for the quality reference
constexpr int kQualityBatch = 100;

std::string spaced(std::string name) {
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
}

// The regressor at `path`, once the generator is known to draw what it can read.
Result<FaceRegressor> regressorFor(const model::Generator& g, const std::string& path) {
    const model::ModelInfo& info = g.info();
    if (info.channels != 3)
        return Error{info.name + " draws grey images; the face regressor reads colour faces"};
    if (info.resolution < kMinFaceResolution)
        return Error{info.name + " draws " + std::to_string(info.resolution) +
                     " px images; the face regressor needs at least " +
                     std::to_string(kMinFaceResolution) + " px"};
    return readFaceRegressor(path);
}

// Each attribute's standard deviation over the procedural faces (population 0, what `--data
// faces` trains on).
const std::vector<double>& populationSpread() {
    static const std::vector<double> spread = [] {
        const auto faces = faceAttributesRange(0, kPopulationRows, 0);
        const std::size_t n = faceAttributeNames().size();
        std::vector<double> sum(n, 0.0), squares(n, 0.0);
        for (const FaceAttributes& f : faces) {
            const std::vector<float> v = faceAttributesToVector(f);
            for (std::size_t i = 0; i < n; ++i) {
                sum[i] += v[i];
                squares[i] += static_cast<double>(v[i]) * v[i];
            }
        }
        std::vector<double> s(n);
        const double rows = static_cast<double>(faces.size());
        for (std::size_t i = 0; i < n; ++i) {
            const double mean = sum[i] / rows;
            s[i] = std::sqrt(std::max(1e-12, squares[i] / rows - mean * mean));
        }
        return s;
    }();
    return spread;
}

bool categorical(std::size_t attribute) { return !faceAttributeCategories(attribute).empty(); }

// b - a per attribute, in attribute units; for the hues the shorter way round, signed; for the
// categorical attributes 1 where the value changed.
torch::Tensor attributeChange(const torch::Tensor& a, const torch::Tensor& b) {
    torch::Tensor d = b - a;
    const auto& ranges = faceAttributeRanges();
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        torch::Tensor column = d.select(1, static_cast<std::int64_t>(i));
        if (ranges[i].wraps) {
            const double span = ranges[i].max - ranges[i].min;
            column.copy_(torch::remainder(column + 0.5 * span, span) - 0.5 * span);
        } else if (categorical(i)) {
            column.copy_(column.ne(0).to(column.scalar_type()));
        }
    }
    return d;
}

// w = mapping(z) pulled toward w_avg by psi, n x wSize on the CPU.
torch::Tensor truncatedW(const model::Generator& g, const torch::Tensor& z, const torch::Tensor& c,
                         float psi) {
    torch::Tensor w = edit::detail::mappedW(g, z, c);
    if (psi == 1.0f) return w;
    torch::Tensor avg = g.wAvg();
    TORCH_CHECK(avg.defined(), g.info().name, " has no mean w to truncate toward");
    avg = avg.to(torch::kCPU, torch::kFloat32);
    if (avg.dim() == 2) avg = avg[0];
    return edit::detail::truncateW(w, avg, psi);
}

}  // namespace

std::string FaceLabelTarget::label() const {
    const auto& names = faceAttributeNames();
    if (attribute < 0 || static_cast<std::size_t>(attribute) >= names.size()) return {};
    const std::string base = spaced(names[static_cast<std::size_t>(attribute)]);
    const auto& categories = faceAttributeCategories(static_cast<std::size_t>(attribute));
    if (category < 0 || static_cast<std::size_t>(category) >= categories.size()) return base;
    return base + ": " + categories[static_cast<std::size_t>(category)];
}

std::vector<FaceLabelTarget> faceLabelTargets() {
    std::vector<FaceLabelTarget> targets;
    const auto& ranges = faceAttributeRanges();
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (!ranges[i].wraps && faceAttributeCategories(i).empty())
            targets.push_back({static_cast<int>(i), -1});
    }
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const auto& categories = faceAttributeCategories(i);
        for (std::size_t k = 0; k < categories.size(); ++k)
            targets.push_back({static_cast<int>(i), static_cast<int>(k)});
    }
    return targets;
}

FaceLabelTarget faceLabelTargetNamed(const std::string& name) {
    for (const FaceLabelTarget& t : faceLabelTargets()) {
        if (t.label() == name) return t;
    }
    return {-1, -1};
}

Result<LabelledFaces> labelFaces(const model::Generator& generator,
                                 const std::string& regressorPath, const FaceLabelOptions& o,
                                 const FaceProgress& progress, const std::atomic<bool>* cancel) {
    if (o.count < 1 || o.count > 1000000)
        return Error{"the labeller draws 1 to 1 000 000 samples, not " + std::to_string(o.count)};
    if (o.batch < 1) return Error{"the labeller's batch must be at least 1"};
    auto regressor = regressorFor(generator, regressorPath);
    if (!regressor) return Error{regressor.error()};
    const model::ModelInfo& info = generator.info();
    try {
        c10::InferenceMode guard;
        LabelledFaces faces;
        for (int start = 0; start < o.count; start += o.batch) {
            if (cancel && cancel->load()) return Error{"cancelled"};
            const int n = std::min(o.batch, o.count - start);
            const torch::Tensor z = edit::detail::seededLatentRows(o.seed, start, n, info.latentSize);
            const torch::Tensor c = edit::detail::sampleClasses(generator, start, n, o.classIndex);
            const torch::Tensor images =
                generator.generate(z, c, o.truncation).to(torch::kCPU, torch::kFloat32);
            const torch::Tensor read = predictFaceAttributes(*regressor, images).contiguous();
            torch::Tensor w;
            if (info.styleBased()) w = truncatedW(generator, z, c, o.truncation);
            for (int i = 0; i < n; ++i) {
                faces.z.push_back(edit::detail::toLatent(z[i]));
                if (w.defined()) faces.w.push_back(edit::detail::toLatent(w[i]));
                const float* row = read[i].data_ptr<float>();
                faces.attributes.emplace_back(row, row + read.size(1));
            }
            if (progress) progress(static_cast<float>(start + n) / static_cast<float>(o.count));
        }
        return faces;
    } catch (const std::exception& e) {
        return Error{"labelling samples of " + info.name + " failed: " + e.what()};
    }
}

Result<edit::Direction> fitFaceDirection(const LabelledFaces& faces, const FaceLabelTarget& target,
                                         const std::string& name) {
    const std::size_t attributes = faceAttributeNames().size();
    if (target.attribute < 0 || static_cast<std::size_t>(target.attribute) >= attributes)
        return Error{"no face attribute number " + std::to_string(target.attribute)};
    const auto a = static_cast<std::size_t>(target.attribute);
    const auto& categories = faceAttributeCategories(a);
    if (target.category >= static_cast<int>(categories.size()))
        return Error{target.label() + " has no value number " + std::to_string(target.category)};
    const bool useW = !faces.w.empty();
    const std::vector<latent::Latent>& latents = useW ? faces.w : faces.z;
    if (latents.size() != faces.attributes.size())
        return Error{"labelled samples: " + std::to_string(latents.size()) + " latents but " +
                     std::to_string(faces.attributes.size()) + " labels"};
    std::vector<latent::Latent> with, without;
    if (target.category >= 0) {
        // Read as this value (rounds to it) against read as clearly another one.
        const double value = target.category;
        for (std::size_t i = 0; i < latents.size(); ++i) {
            const double distance = std::abs(faces.attributes[i][a] - value);
            if (distance < 0.5) with.push_back(latents[i]);
            if (distance >= 1.0) without.push_back(latents[i]);
        }
    } else {
        std::vector<std::size_t> order(latents.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
            return faces.attributes[x][a] < faces.attributes[y][a];
        });
        const auto k = static_cast<std::size_t>(kFaceLabelFraction * static_cast<double>(order.size()));
        const FaceAttributeRange& range = faceAttributeRanges()[a];
        const double margin = kLabelMargin * (range.max - range.min);
        const double highestLacking = k > 0 ? faces.attributes[order[k - 1]][a] : 0.0;
        for (std::size_t j = 0; j < k; ++j) {
            without.push_back(latents[order[j]]);
            const std::size_t top = order[order.size() - 1 - j];
            if (faces.attributes[top][a] > highestLacking + margin) with.push_back(latents[top]);
        }
    }
    return edit::attributeDirection(name.empty() ? target.label() : name, with, without,
                                    useW ? edit::Space::W : edit::Space::Z);
}

Result<std::vector<DirectionEffect>> measureDirectionEffects(
    const model::Generator& generator, const std::string& regressorPath,
    const std::vector<edit::Direction>& directions, const EffectOptions& o,
    const FaceProgress& progress, const std::atomic<bool>* cancel) {
    if (o.count < 1 || o.count > 100000)
        return Error{"directions are measured on 1 to 100 000 samples, not " +
                     std::to_string(o.count)};
    if (o.batch < 1) return Error{"the measuring batch must be at least 1"};
    if (!(o.amount > 0.0f) || !std::isfinite(o.amount))
        return Error{"the measuring amount must be a positive number of slider units"};
    const model::ModelInfo& info = generator.info();
    for (const edit::Direction& d : directions) {
        if (Status fits = edit::checkEdits(info, {edit::Edit{d, o.amount}}); !fits)
            return Error{"direction '" + d.name + "': " + fits.error()};
        if (edit::isClassMorph(d))
            return Error{"direction '" + d.name + "' is a class morph, not a direction to measure"};
    }
    auto regressor = regressorFor(generator, regressorPath);
    if (!regressor) return Error{regressor.error()};
    const std::vector<double>& spread = populationSpread();
    const auto attributes = static_cast<std::int64_t>(spread.size());
    try {
        c10::InferenceMode guard;
        // Every direction is measured on the same samples, drawn once.
        std::vector<std::pair<torch::Tensor, torch::Tensor>> samples;  // (z, classes) per batch
        for (int start = 0; start < o.count; start += o.batch) {
            const int n = std::min(o.batch, o.count - start);
            samples.emplace_back(edit::detail::seededLatentRows(o.seed, start, n, info.latentSize),
                                 edit::detail::sampleClasses(generator, start, n, -1));
        }
        std::vector<DirectionEffect> effects;
        for (std::size_t k = 0; k < directions.size(); ++k) {
            const edit::Direction& d = directions[k];
            torch::Tensor total = torch::zeros({attributes}, torch::kFloat64);
            for (const auto& [z, c] : samples) {
                if (cancel && cancel->load()) return Error{"cancelled"};
                torch::Tensor read[2];
                for (int side = 0; side < 2; ++side) {
                    const std::vector<edit::Edit> edits = {
                        edit::Edit{d, side == 0 ? -o.amount : o.amount}};
                    const latent::Latent offset = edit::applyZEdits(
                        latent::Latent(static_cast<std::size_t>(info.latentSize), 0.0f), edits);
                    const torch::Tensor zEdited = z + edit::detail::toTensor(offset)
                                                          .to(torch::kFloat32)
                                                          .unsqueeze(0);
                    torch::Tensor images;
                    if (edit::needsEditedForward(edits, {}, {})) {
                        auto drawn = edit::generateEdited(generator, zEdited, c, o.truncation,
                                                          edits, {}, {});
                        if (!drawn) return Error{"direction '" + d.name + "': " + drawn.error()};
                        images = *drawn;
                    } else {
                        images = generator.generate(zEdited, c, o.truncation);
                    }
                    read[side] = predictFaceAttributes(
                        *regressor, images.to(torch::kCPU, torch::kFloat32));
                }
                total += attributeChange(read[0], read[1]).to(torch::kFloat64).sum(0);
            }
            DirectionEffect effect;
            effect.name = d.name;
            effect.method = d.method;
            const torch::Tensor mean = total / (2.0 * static_cast<double>(o.amount) * o.count);
            double sum = 0;
            for (std::int64_t i = 0; i < attributes; ++i) {
                const auto a = static_cast<std::size_t>(i);
                effect.change.push_back(mean[i].item<double>() / (categorical(a) ? 1.0 : spread[a]));
                sum += std::abs(effect.change.back());
            }
            const FaceLabelTarget named = faceLabelTargetNamed(d.name);
            if (named.attribute >= 0) {
                effect.target = named.attribute;
            } else {
                effect.target = static_cast<int>(
                    std::max_element(effect.change.begin(), effect.change.end(),
                                     [](double x, double y) { return std::abs(x) < std::abs(y); }) -
                    effect.change.begin());
            }
            effect.purity =
                sum > 0 ? std::abs(effect.change[static_cast<std::size_t>(effect.target)]) / sum : 0;
            effects.push_back(std::move(effect));
            if (progress)
                progress(static_cast<float>(k + 1) / static_cast<float>(directions.size()));
        }
        return effects;
    } catch (const std::exception& e) {
        return Error{"measuring directions on " + info.name + " failed: " + e.what()};
    }
}

Result<FaceQuality> measureFaceQuality(const model::Generator& generator,
                                       const std::string& regressorPath, int count,
                                       std::uint64_t seed, const FaceProgress& progress,
                                       const std::atomic<bool>* cancel) {
    if (count < 10 || count > 100000)
        return Error{"face quality is measured on 10 to 100 000 samples, not " +
                     std::to_string(count)};
    auto regressor = regressorFor(generator, regressorPath);
    if (!regressor) return Error{regressor.error()};
    const model::ModelInfo& info = generator.info();
    try {
        c10::InferenceMode guard;
        // Features and attribute means of three sets: samples, real, more real.
        std::vector<torch::Tensor> features[3];
        torch::Tensor attributeSums[3];
        const int steps = 3 * ((count + kQualityBatch - 1) / kQualityBatch);
        int done = 0;
        for (int set = 0; set < 3; ++set) {
            for (int start = 0; start < count; start += kQualityBatch) {
                if (cancel && cancel->load()) return Error{"cancelled"};
                const int n = std::min(kQualityBatch, count - start);
                torch::Tensor images;
                if (set == 0) {
                    const torch::Tensor z =
                        edit::detail::seededLatentRows(seed, start, n, info.latentSize);
                    const torch::Tensor c = edit::detail::sampleClasses(generator, start, n, -1);
                    images = generator.generate(z, c, 1.0f).to(torch::kCPU, torch::kFloat32);
                } else {
                    const std::uint64_t first = kQualityFirstFace +
                                                static_cast<std::uint64_t>(set - 1) *
                                                    static_cast<std::uint64_t>(count) +
                                                static_cast<std::uint64_t>(start);
                    images = renderFaces(faceAttributesRange(first, static_cast<std::size_t>(n)),
                                         info.resolution);
                }
                features[set].push_back(faceRegressorFeatures(*regressor, images));
                const torch::Tensor read =
                    predictFaceAttributes(*regressor, images).to(torch::kFloat64).sum(0);
                attributeSums[set] =
                    attributeSums[set].defined() ? attributeSums[set] + read : read;
                if (progress) progress(static_cast<float>(++done) / static_cast<float>(steps));
            }
        }
        const FeatureStats samples = featureStats(torch::cat(features[0]));
        const FeatureStats real = featureStats(torch::cat(features[1]));
        const FeatureStats moreReal = featureStats(torch::cat(features[2]));
        FaceQuality q;
        q.count = count;
        q.frechet = frechetDistance(samples, real);
        q.frechetFloor = frechetDistance(moreReal, real);
        for (std::int64_t i = 0; i < attributeSums[0].size(0); ++i) {
            q.sampleMeans.push_back(attributeSums[0][i].item<double>() / count);
            q.realMeans.push_back(attributeSums[1][i].item<double>() / count);
        }
        return q;
    } catch (const std::exception& e) {
        return Error{"measuring " + info.name + " failed: " + e.what()};
    }
}

}  // namespace latent::train
