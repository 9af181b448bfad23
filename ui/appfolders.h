#pragma once

#include <QString>

namespace latent::ui {

// Where the app keeps files of its own (training runs, explorer autosaves):
// ~/.local/share/latent-studio on Linux (GenericDataLocation/latent-studio). Not AppDataLocation,
// which would repeat the organisation and application names ("Latent Studio/Latent Studio").
QString appDataFolder();

}  // namespace latent::ui
