// The six hair styles of the procedural faces, each as two shapes: the hair behind the head and
// the hair over the forehead (see hairShape in facesdf.h).
#include <cmath>

#include "core/train/facesdf.h"

namespace latent::train::facedraw {
namespace {

Tensor fourthPower(const Tensor& t) {
    const Tensor sq = t * t;
    return sq * sq;
}

// Style k's shape for the faces of `head` (already the faces that use it).
Tensor styleShape(int k, const HeadShape& head, const Region& r, HairPart part) {
    const Tensor &x = r.x, &ax = r.ax, &y = r.y;
    const Tensor &a = head.a, &b = head.b, &top = head.top;
    const bool back = part == HairPart::Back;
    const double cy = kFaceY;
    // The hair that hugs the skull, a little larger than the face.
    auto cap = [&] { return ellipse(x, y, 0.0, cy - 0.035, a + 0.045, b + 0.035); };
    switch (k) {
        case 0:  // bald: a back shape hidden behind the face, a front shape above the head
            if (back) return ellipse(x, y, 0.0, cy, a * 0.6, b * 0.6);
            return intersect(ellipse(x, y, 0.0, cy, a, b), y - (top - 0.08));
        case 1: {  // short, with a wavy fringe
            if (back) return intersect(cap(), y - (cy + 0.05));
            const Tensor fringe =
                top + b * 0.2 + (x * 40).cos_() * 0.025 + fourthPower(ax / a) * b * 0.5;
            return intersect(cap(), y - fringe);
        }
        case 2: {  // long, falling past the shoulders, framing the face
            const Tensor halfWidth = a + 0.11 - (y - cy).clamp_min(0) * 0.05;
            const Tensor hair = smoothMin(ellipse(x, y, 0.0, cy - 0.03, a + 0.07, b + 0.05),
                                          roundBox(x, y, 0.0, 0.25, halfWidth, 0.5, 0.2), 0.1);
            if (back) return intersect(hair, y - 0.8);
            const Tensor window = ellipse(x, y, 0.0, b * 0.12 + cy, a * 0.84, b * 0.98);
            const Tensor belowChin = intersect(ax - a * 0.7, cy - y);
            return intersect(intersect(hair, -window), -belowChin);
        }
        case 3: {  // bob with straight bangs
            const Tensor bob = smoothMin(ellipse(x, y, 0.0, cy - 0.02, a + 0.09, b + 0.06),
                                         roundBox(x, y, 0.0, cy + 0.1, a + 0.1, 0.2, 0.1), 0.08);
            if (back) return intersect(bob, y - (cy + 0.32));
            const Tensor bangs = top + b * 0.45 + (x * 60).cos_() * 0.012;
            const Tensor sides = intersect(a - 0.05 - ax, y - (cy + 0.32));
            return unite(intersect(cap(), y - bangs), intersect(sides, bob));
        }
        case 4: {  // curly: a bumpy cloud around the head
            if (back) {
                const Tensor bumps = (x * 28).cos_() * (y * 28).sin_();
                return length(x, (y - (cy - 0.08)) * 1.1) - (a + 0.2) + (bumps + 1) * 0.035;
            }
            const Tensor fringe =
                top + b * 0.3 + (x * 35).sin_().abs_() * 0.03 + fourthPower(ax / a) * b * 0.6;
            return intersect(cap(), y - fringe);
        }
        default: {  // a bun on top, the rest pulled back
            const Tensor tight = ellipse(x, y, 0.0, cy - 0.02, a + 0.025, b + 0.02);
            if (back) {
                const Tensor bun = circle(x, y, 0.0, top - 0.05, head.width * 0.02 + 0.11);
                return unite(intersect(tight, y - cy), bun);
            }
            const Tensor t = ax / a;
            return intersect(tight, y - (top + b * 0.12 + t * t * b * 0.3));
        }
    }
}

}  // namespace

HeadShape HeadShape::select(const Tensor& index) const {
    return {a.index_select(0, index), b.index_select(0, index), top.index_select(0, index),
            width.index_select(0, index)};
}

Tensor hairShape(const HeadShape& head, const std::vector<float>& style, const Region& r,
                 HairPart part) {
    const auto n = static_cast<std::int64_t>(style.size());
    Tensor shape = torch::zeros({n, r.rows(), r.cols()}, torch::kFloat32);
    for (int k = 0; k < kHairStyles; ++k) {
        // Weight of style k for each face: 1 at k, falling to 0 at k +- 1.
        std::vector<std::int64_t> faces;
        std::vector<float> weights;
        for (std::int64_t i = 0; i < n; ++i) {
            const float w =
                1.0f - std::fabs(style[static_cast<std::size_t>(i)] - static_cast<float>(k));
            if (w > 0) {
                faces.push_back(i);
                weights.push_back(w);
            }
        }
        if (faces.empty()) continue;
        const Tensor index = torch::tensor(faces, torch::kLong);
        const Tensor d = styleShape(k, head.select(index), r, part) * perFace(weights);
        shape.index_add_(0, index, d.expand({index.size(0), r.rows(), r.cols()}));
    }
    return shape;
}

}  // namespace latent::train::facedraw
