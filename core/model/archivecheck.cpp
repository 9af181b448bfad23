#include "core/model/archivecheck.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/api/function_impl.h>

#include <cstdint>
#include <cstring>
#include <sstream>
#include <unordered_set>

#include "core/util/units.h"

namespace latent::model {

namespace {

// ---------------------------------------------------------------------------------------------
// Zip directory

std::uint64_t le(std::string_view b, std::size_t at, int size) {
    std::uint64_t v = 0;
    for (int i = size - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr std::uint32_t kZip64EndSignature = 0x06064b50;
constexpr std::uint32_t kEntrySignature = 0x02014b50;
constexpr std::uint64_t kMaxRecords = 1000000;

}  // namespace

Status checkZip(std::string_view bytes) {
    const std::uint64_t fileSize = bytes.size();
    if (fileSize < 22) return Error{"truncated or corrupt TorchScript archive (too short for a zip)"};
    // The end record sits in the last 64 KiB + 22 bytes; take the last one found.
    std::size_t end = std::string_view::npos;
    const std::size_t lowest = fileSize > 65535 + 22 ? fileSize - (65535 + 22) : 0;
    for (std::size_t i = fileSize - 22 + 1; i-- > lowest;) {
        if (le(bytes, i, 4) == kEndSignature) {
            end = i;
            break;
        }
    }
    if (end == std::string_view::npos) {
        return Error{"truncated or corrupt TorchScript archive (the zip directory is missing)"};
    }
    std::uint64_t records = le(bytes, end + 10, 2);
    std::uint64_t directorySize = le(bytes, end + 12, 4);
    std::uint64_t directoryOffset = le(bytes, end + 16, 4);
    if (end >= 20 && le(bytes, end - 20, 4) == kZip64LocatorSignature) {
        const std::uint64_t at = le(bytes, end - 20 + 8, 8);
        if (at + 56 > fileSize || le(bytes, at, 4) != kZip64EndSignature) {
            return Error{"corrupt TorchScript archive (bad zip64 directory record)"};
        }
        records = le(bytes, at + 32, 8);
        directorySize = le(bytes, at + 40, 8);
        directoryOffset = le(bytes, at + 48, 8);
    }
    if (records > kMaxRecords || directoryOffset > fileSize ||
        directorySize > fileSize - directoryOffset) {
        return Error{"corrupt TorchScript archive (its zip directory points outside the file)"};
    }
    const std::uint64_t budget = 2 * fileSize + (64ull << 20);
    std::uint64_t total = 0;
    std::uint64_t at = directoryOffset;
    const std::uint64_t directoryEnd = directoryOffset + directorySize;
    for (std::uint64_t r = 0; r < records; ++r) {
        if (at + 46 > directoryEnd || le(bytes, at, 4) != kEntrySignature) {
            return Error{"corrupt TorchScript archive (bad zip directory entry)"};
        }
        const std::uint64_t method = le(bytes, at + 10, 2);
        std::uint64_t compressed = le(bytes, at + 20, 4);
        std::uint64_t size = le(bytes, at + 24, 4);
        const std::uint64_t nameLength = le(bytes, at + 28, 2);
        const std::uint64_t extraLength = le(bytes, at + 30, 2);
        const std::uint64_t commentLength = le(bytes, at + 32, 2);
        std::uint64_t offset = le(bytes, at + 42, 4);
        const std::uint64_t extraAt = at + 46 + nameLength;
        const std::uint64_t next = extraAt + extraLength + commentLength;
        if (next > directoryEnd) return Error{"corrupt TorchScript archive (bad zip directory entry)"};
        // Zip64: the fields that read 0xFFFFFFFF come, in order, from the 0x0001 extra field.
        for (std::uint64_t e = extraAt; e + 4 <= extraAt + extraLength;) {
            const std::uint64_t id = le(bytes, e, 2);
            const std::uint64_t length = le(bytes, e + 2, 2);
            std::uint64_t field = e + 4;
            const std::uint64_t fieldEnd = field + length;
            if (fieldEnd > extraAt + extraLength) break;
            if (id == 0x0001) {
                for (std::uint64_t* value : {&size, &compressed, &offset}) {
                    if (*value != 0xFFFFFFFFu) continue;
                    if (field + 8 > fieldEnd) {
                        return Error{"corrupt TorchScript archive (bad zip64 entry)"};
                    }
                    *value = le(bytes, field, 8);
                    field += 8;
                }
            }
            e = fieldEnd;
        }
        const std::string name(bytes.substr(at + 46, nameLength));
        if (method != 0 && method != 8) {
            return Error{"TorchScript archive record '" + name + "' uses an unsupported zip compression (" +
                   std::to_string(method) + ")"};
        }
        if (offset > fileSize || compressed > fileSize - offset) {
            return Error{"truncated or corrupt TorchScript archive (record '" + name +
                   "' lies outside the file)"};
        }
        if (method == 0 && size != compressed) {
            return Error{"corrupt TorchScript archive (record '" + name + "' has inconsistent sizes)"};
        }
        if (size > budget || total + size > budget) {
            return Error{"TorchScript archive unpacks to more than " + util::humanSize(budget) + " from a " +
                   util::humanSize(fileSize) + " file (a zip bomb?); refused before reading it"};
        }
        total += size;
        at = next;
    }
    return success();
}

Status checkLoadTimeCode(const std::string& bytes) {
    std::istringstream stream(bytes);
    caffe2::serialize::PyTorchStreamReader reader(&stream);
    for (const std::string& name : reader.getAllRecords()) {
        const bool code = name.rfind("code/", 0) == 0 && name.size() > 3 &&
                          name.compare(name.size() - 3, 3, ".py") == 0;
        const bool pickle = name == "data.pkl" || name == "constants.pkl";
        if (!code && !pickle) continue;
        auto [data, size] = reader.getRecord(name);
        const std::string_view text(static_cast<const char*>(data.get()), size);
        if (code && text.find("def __setstate__") != std::string_view::npos) {
            return Error{name + " defines __setstate__, code that would run while the archive loads; "
                          "export the generator without custom state handling"};
        }
        if (text.find("torch.classes.") != std::string_view::npos) {
            return Error{name + " uses a C++ custom class (torch.classes), whose code is not in the "
                          "archive and cannot be inspected"};
        }
    }
    return success();
}

const std::vector<std::string>& contractMethods() {
    static const std::vector<std::string> methods{"forward", "mapping",  "synthesis",
                                                  "features", "preview", "w_avg"};
    return methods;
}

namespace {

// ---------------------------------------------------------------------------------------------
// The allowlist: pure computation on tensors, numbers, strings, lists, tuples and dicts. Nothing
// here reads or writes files, prints, sleeps, talks to other processes or changes global state.
// In-place variants (name_) of listed tensor operations are allowed too.

const std::unordered_set<std::string>& allowedAten() {
    static const std::unordered_set<std::string> names{
        // arithmetic and elementwise math
        "add", "sub", "rsub", "mul", "div", "true_divide", "floor_divide", "floordiv", "remainder",
        "fmod", "neg", "abs", "pow", "float_power", "sqrt", "rsqrt", "square", "exp", "exp2",
        "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan",
        "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "sigmoid", "logit", "erf",
        "erfc", "erfinv", "sign", "sgn", "floor", "ceil", "round", "trunc", "frac", "reciprocal",
        "clamp", "clamp_min", "clamp_max", "clip", "lerp", "addcmul", "addcdiv", "addmm", "addbmm",
        "baddbmm", "addmv", "hypot", "maximum", "minimum", "fmax", "fmin", "lgamma", "digamma",
        "xlogy", "nan_to_num", "isnan", "isinf", "isfinite", "logical_and", "logical_or",
        "logical_not", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not",
        "__and__", "__or__", "__xor__", "__lshift__", "__rshift__", "__not__", "__iand__",
        "__ior__", "__ixor__", "__ilshift__", "__irshift__", "copysign", "gcd", "divmod",
        "radians", "degrees", "mathremainder", "__round_to_zero_floordiv", "neg", "positive",
        // comparison and selection
        "eq", "ne", "lt", "le", "gt", "ge", "equal", "allclose", "isclose", "where",
        "masked_fill", "masked_select", "masked_scatter", "__is__", "__isnot__", "__contains__",
        // reductions and sorting
        "sum", "mean", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "std", "var",
        "std_mean", "var_mean", "norm", "frobenius_norm", "linalg_vector_norm", "linalg_norm",
        "linalg_matrix_norm", "logsumexp", "cumsum", "cumprod", "all", "any", "count_nonzero",
        "median", "sort", "argsort", "topk", "dist", "cdist", "renorm",
        // linear algebra
        "mm", "bmm", "matmul", "mv", "dot", "einsum", "outer", "t", "linear", "bilinear",
        "tensordot", "kron",
        // neural-network layers
        "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
        "_convolution", "convolution", "batch_norm", "instance_norm", "layer_norm", "group_norm",
        "embedding", "dropout", "feature_dropout", "alpha_dropout", "relu", "relu6", "leaky_relu",
        "elu", "selu", "celu", "gelu", "silu", "mish", "hardtanh", "hardsigmoid", "hardswish",
        "softplus", "softsign", "prelu", "glu", "tanhshrink", "threshold", "softmax",
        "log_softmax", "_softmax", "upsample_nearest1d", "upsample_nearest2d",
        "upsample_nearest3d", "upsample_bilinear2d", "upsample_bicubic2d", "upsample_linear1d",
        "upsample_trilinear3d", "__interpolate", "__upsample", "__upsample_bilinear",
        "interpolate", "grid_sampler", "grid_sampler_2d", "affine_grid_generator", "pad",
        "constant_pad_nd", "reflection_pad1d", "reflection_pad2d", "replication_pad1d",
        "replication_pad2d", "replication_pad3d", "_pad_circular", "pixel_shuffle",
        "pixel_unshuffle", "channel_shuffle", "avg_pool1d", "avg_pool2d", "avg_pool3d",
        "max_pool1d", "max_pool2d", "max_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
        "adaptive_avg_pool3d", "adaptive_max_pool1d", "adaptive_max_pool2d", "unfold", "im2col",
        "col2im", "fold", "cosine_similarity", "pairwise_distance", "one_hot",
        "scaled_dot_product_attention", "_assert_int_or_pair",
        // shapes, indexing and copies
        "size", "sym_size", "dim", "numel", "sym_numel", "view", "view_as", "reshape",
        "reshape_as", "flatten", "unflatten", "squeeze", "unsqueeze", "permute", "transpose",
        "contiguous", "expand", "expand_as", "repeat", "repeat_interleave", "tile", "flip",
        "roll", "rot90", "cat", "concat", "stack", "hstack", "vstack", "split",
        "split_with_sizes", "chunk", "unbind", "narrow", "select", "slice", "index",
        "index_select", "gather", "scatter", "scatter_add", "index_put", "index_add", "take",
        "movedim", "swapaxes", "diagonal", "diag", "tril", "triu", "meshgrid",
        "broadcast_tensors", "clone", "detach", "to", "type_as", "float", "double", "half",
        "bfloat16", "int", "long", "bool", "cpu", "cuda", "copy_", "fill_", "zero_",
        "requires_grad_", "_infer_size", "_shape_as_tensor", "is_floating_point", "is_complex",
        "item", "_unwrap_optional", "IntImplicit", "FloatImplicit", "ScalarImplicit", "Int",
        "Float", "Bool", "Complex", "tensor", "scalar_tensor", "as_tensor",
        // creation and sampling (sampling is refused later, at the determinism probe)
        "new_zeros", "new_ones", "new_full", "new_empty", "new_tensor", "zeros", "ones", "full",
        "empty", "zeros_like", "ones_like", "full_like", "empty_like", "arange", "linspace",
        "logspace", "eye", "rand", "randn", "randint", "rand_like", "randn_like", "randint_like",
        "normal", "bernoulli", "multinomial", "uniform_", "normal_",
        // Python values: lists, dicts, strings, ranges
        "__getitem__", "_set_item", "len", "append", "extend", "insert", "pop", "clear",
        "reverse", "count", "remove", "list", "dict", "keys", "values", "items", "get",
        "setdefault", "copy", "__range_length", "__derive_index", "format", "str", "join",
        "startswith", "endswith", "lower", "upper", "strip", "lstrip", "rstrip", "replace",
        "find", "splitlines", "isdigit", "ord", "chr", "hash",
    };
    return names;
}

const std::unordered_set<std::string>& allowedPrim() {
    static const std::unordered_set<std::string> names{
        "Constant", "GetAttr", "If", "Loop", "ListConstruct", "ListUnpack", "ListIndex",
        "TupleConstruct", "TupleUnpack", "TupleIndex", "TupleSlice", "DictConstruct",
        "DictIndex", "RaiseException", "NumToTensor", "device", "dtype", "layout", "is_cuda",
        "is_cpu", "requires_grad", "shape", "data", "Uninitialized", "unchecked_cast",
        "unchecked_unwrap_optional", "isinstance", "min", "max", "abs", "EnumValue", "EnumName",
        "StringIndex", "ImplicitTensorToNum", "BroadcastSizes", "AutogradZero",
    };
    return names;
}

// Why an operation is not allowed, for the ones people ask about; "" for the rest.
std::string why(const std::string& kind) {
    if (kind == "prim::CallMethod" || kind == "prim::CallFunction") {
        return " (a call whose code cannot be known before it runs)";
    }
    if (kind == "prim::SetAttr") return " (changes the model's state between calls)";
    if (kind == "prim::Print" || kind == "aten::warn") return " (prints)";
    if (kind == "aten::from_file" || kind == "aten::save" || kind == "aten::load") {
        return " (reads or writes files)";
    }
    return "";
}

// The graph a call node runs, or null when it cannot be known here (an interface method, a
// function passed as a value).
const torch::jit::Graph* calledGraph(const torch::jit::Node* node) {
    torch::jit::Function* function = nullptr;
    if (node->kind() == c10::prim::CallMethod) {
        if (auto type = node->input(0)->type()->cast<c10::ClassType>()) {
            function = type->findMethod(node->s(c10::attr::name));
        }
    } else if (auto type = node->input(0)->type()->cast<c10::FunctionType>()) {
        function = type->function();
    }
    torch::jit::GraphFunction* graph = function ? torch::jit::tryToGraphFunction(*function) : nullptr;
    return graph ? graph->graph().get() : nullptr;
}

// The first operation off the allowlist in `block`, following calls into the graphs they run
// (unoptimised: the passes that inline calls also drop code whose effects they cannot see).
std::string firstForbidden(const torch::jit::Block* block,
                           std::unordered_set<const torch::jit::Graph*>& visited) {
    for (const torch::jit::Node* node : block->nodes()) {
        std::string kind = node->kind().toQualString();
        if (node->kind() == c10::prim::CallMethod || node->kind() == c10::prim::CallFunction) {
            const torch::jit::Graph* callee = calledGraph(node);
            if (callee == nullptr) return kind;
            if (!visited.insert(callee).second) continue;
            if (auto found = firstForbidden(callee->block(), visited); !found.empty()) return found;
            continue;
        }
        if (!allowedOperation(kind)) return kind;
        for (const torch::jit::Block* inner : node->blocks()) {
            if (auto found = firstForbidden(inner, visited); !found.empty()) return found;
        }
    }
    return "";
}

}  // namespace

bool allowedOperation(const std::string& kind) {
    const auto split = kind.find("::");
    if (split == std::string::npos) return false;
    const std::string ns = kind.substr(0, split);
    std::string name = kind.substr(split + 2);
    if (ns == "prim") return allowedPrim().count(name) > 0;
    if (ns != "aten") return false;
    if (allowedAten().count(name) > 0) return true;
    // In-place variants of tensor operations: add_, clamp_, leaky_relu_ …
    if (name.size() > 1 && name.back() == '_' && name[name.size() - 2] != '_') {
        name.pop_back();
        return allowedAten().count(name) > 0;
    }
    return false;
}

Status checkOperations(const torch::jit::Module& module) {
    for (const std::string& name : contractMethods()) {
        auto method = module.find_method(name);
        if (!method) continue;
        std::unordered_set<const torch::jit::Graph*> visited;
        if (auto kind = firstForbidden(method->graph()->block(), visited); !kind.empty()) {
            return Error{"method '" + name + "' uses " + kind + why(kind) +
                   ", which is not on the allowlist of pure tensor operations: Latent Studio "
                   "opens only archives that compute with tensors (docs/model-format.md)"};
        }
    }
    return success();
}

}  // namespace latent::model
