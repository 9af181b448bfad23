# `cpack -G DEB` from the build directory makes latent-studio_VERSION_amd64.deb.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/latent-studio.desktop DESTINATION share/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/latent-studio.svg
        DESTINATION share/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/latent-studio.png
        DESTINATION share/icons/hicolor/256x256/apps)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/models/ DESTINATION share/latent-studio/models
        FILES_MATCHING PATTERN "*.ltm" PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/tools/export_torchscript.py ${PROJECT_SOURCE_DIR}/tools/latentfile.py
              ${PROJECT_SOURCE_DIR}/tools/dcgan.py ${PROJECT_SOURCE_DIR}/tools/stylegan_convert.py
              ${PROJECT_SOURCE_DIR}/tools/stylegan_nets.py
        DESTINATION share/latent-studio/tools)

set(CPACK_PACKAGE_NAME "latent-studio")
set(CPACK_PACKAGE_VENDOR "Latent Studio")
set(CPACK_PACKAGE_CONTACT "Latent Studio <dev@latent-studio.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Explore what a GAN generator has learned")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "/usr")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# OpenBLAS (pthread build) is what makes LibTorch's CPU convolutions fast; not a link dependency.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread")
include(CPack)
