// Document's semantic-editing setters: directions, amounts, class morph and style mixing.
// (document.cpp holds the state machinery and the latent setters.)
#include <algorithm>
#include <string>

#include "ui/document.h"

#include "core/edit/directionset.h"
#include "core/edit/explorerstate.h"

namespace latent::ui {

Status Document::checkDirection(const edit::Direction& direction) const {
    if (Status why = edit::checkDirection(direction, m_model.info); !why) {
        return Error{why.error()};
    }
    return success();
}

void Document::setRecipeFrame(const latent::Latent& z, int classIndex, float truncation,
                              std::optional<std::uint64_t> seed,
                              const std::vector<edit::Edit>& edits) {
    if (static_cast<int>(z.size()) != latentSize()) return;
    EditingState next = frameState(z, classIndex, truncation, seed);
    next.frame.amounts.clear();
    next.frame.classMorphAmount = 0.0f;
    for (const edit::Edit& e : edits) {
        if (!checkDirection(e.direction)) continue;  // checkRecipe let the latent through; skip it
        if (e.direction.method == "class-morph") {
            next.frame.classMorph = e.direction;
            next.frame.classMorphAmount = std::clamp(e.amount, 0.0f, 1.0f);
            continue;
        }
        const auto found =
            std::find_if(next.directions.begin(), next.directions.end(),
                         [&](const edit::Direction& d) { return sameDirection(d, e.direction); });
        std::string name;
        if (found == next.directions.end()) {
            edit::Direction added = e.direction;
            added.name = edit::uniqueDirectionName(next.directions, added.name);
            name = added.name;
            next.directions.push_back(std::move(added));
        } else {
            name = found->name;
        }
        edit::setAmountOf(next.frame, next.directions, name, e.amount);
    }
    change(next, tr("Open recipe"));
}

Status Document::setDirections(const std::vector<edit::Direction>& directions,
                               const QString& text) {
    for (const edit::Direction& d : directions) {
        if (Status fits = checkDirection(d); !fits) return fits;
    }
    EditingState next = m_state;
    next.directions.clear();
    for (edit::Direction d : directions) {
        d.name = edit::uniqueDirectionName(next.directions, d.name);
        next.directions.push_back(std::move(d));
    }
    next.frame.amounts.clear();
    change(next, text);
    return success();
}

Status Document::addDirection(const edit::Direction& direction) {
    if (Status fits = checkDirection(direction); !fits) return fits;
    EditingState next = m_state;
    edit::Direction added = direction;
    added.name = edit::uniqueDirectionName(next.directions, added.name);
    const QString name = QString::fromStdString(added.name);
    next.directions.push_back(std::move(added));
    change(next, tr("Add %1").arg(name));
    return success();
}

void Document::removeDirection(int index) {
    if (index < 0 || index >= static_cast<int>(m_state.directions.size())) return;
    EditingState next = m_state;
    const QString name =
        QString::fromStdString(next.directions[static_cast<std::size_t>(index)].name);
    next.directions.erase(next.directions.begin() + index);
    change(next, tr("Remove %1").arg(name));
}

Status Document::setDirection(int index, const edit::Direction& direction) {
    if (index < 0 || index >= static_cast<int>(m_state.directions.size())) {
        return Error{"no direction " + std::to_string(index)};
    }
    if (Status fits = checkDirection(direction); !fits) return fits;
    EditingState next = m_state;
    edit::Direction& changed = next.directions[static_cast<std::size_t>(index)];
    const std::string oldName = changed.name;
    changed = direction;
    changed.name = edit::uniqueDirectionName(next.directions, direction.name, index);
    if (changed.name != oldName) {  // a renamed direction keeps its amount
        const float kept = edit::amountOf(m_state.frame, oldName);
        edit::setAmountOf(next.frame, next.directions, oldName, 0.0f);
        edit::setAmountOf(next.frame, next.directions, changed.name, kept);
    }
    QString where = tr("Z");
    if (direction.space == edit::Space::W) where = tr("W");
    if (direction.space == edit::Space::WPlus) {
        where = direction.lastLayer < 0
                    ? tr("W+ layers %1–end").arg(direction.firstLayer)
                    : tr("W+ layers %1–%2").arg(direction.firstLayer).arg(direction.lastLayer);
    }
    // Layer spin boxes step one by one: merge them like a slider drag.
    change(next, tr("%1 in %2").arg(QString::fromStdString(changed.name), where), Merge::Mix,
           1000 + index);
    return success();
}

void Document::setAmount(int index, float amount) {
    if (index < 0 || index >= static_cast<int>(m_state.directions.size())) return;
    EditingState next = m_state;
    const std::string& name = next.directions[static_cast<std::size_t>(index)].name;
    edit::setAmountOf(next.frame, next.directions, name, amount);
    change(next,
           tr("%1 %2σ")
               .arg(QString::fromStdString(name))
               .arg(QString::asprintf("%+.1f", static_cast<double>(amount))),
           Merge::Amount, index);
}

void Document::resetAmount(int index) {
    if (index < 0 || index >= static_cast<int>(m_state.directions.size())) return;
    EditingState next = m_state;
    const std::string& name = next.directions[static_cast<std::size_t>(index)].name;
    edit::setAmountOf(next.frame, next.directions, name, 0.0f);
    change(next, tr("Reset %1").arg(QString::fromStdString(name)));
}

void Document::resetAmounts() {
    EditingState next = m_state;
    next.frame.amounts.clear();
    next.frame.classMorphAmount = 0.0f;
    change(next, tr("Reset all directions"));
}

Status Document::setClassMorph(const edit::Direction& morph, float amount) {
    if (Status fits = checkDirection(morph); !fits) return fits;
    EditingState next = m_state;
    next.frame.classMorph = morph;
    next.frame.classMorphAmount = std::clamp(amount, 0.0f, 1.0f);
    const auto& names = m_model.info.classNames;
    change(next,
           tr("Class morph %1 → %2")
               .arg(QString::fromStdString(names[static_cast<std::size_t>(morph.classFrom)]),
                    QString::fromStdString(names[static_cast<std::size_t>(morph.classTo)])),
           Merge::ClassMorph);  // the first step of a drag sets the morph; the rest merge into it
    return success();
}

void Document::setClassMorphAmount(float amount) {
    if (m_state.frame.classMorph.method.empty()) return;
    EditingState next = m_state;
    next.frame.classMorphAmount = std::clamp(amount, 0.0f, 1.0f);
    change(next,
           tr("Class morph %1").arg(static_cast<double>(next.frame.classMorphAmount), 0, 'f', 2),
           Merge::ClassMorph);
}

void Document::setStyleMix(const edit::StyleMixSetting& mix) {
    if (!m_model.info.styleBased()) return;
    EditingState next = m_state;
    next.frame.mix = mix;
    QString text;
    Merge merge = Merge::None;
    const edit::StyleMixSetting& was = m_state.frame.mix;
    if (mix.enabled != was.enabled) {
        text = mix.enabled ? tr("Style mix on") : tr("Style mix off");
    } else if (mix.seed != was.seed) {
        text = tr("Style mix seed %1").arg(static_cast<qulonglong>(mix.seed));
    } else {
        text = mix.lastLayer < 0
                   ? tr("Style mix layers %1–end").arg(mix.firstLayer)
                   : tr("Style mix layers %1–%2").arg(mix.firstLayer).arg(mix.lastLayer);
        merge = Merge::Mix;  // spin box steps merge like a drag
    }
    change(next, text, merge, 0);
}

}  // namespace latent::ui
