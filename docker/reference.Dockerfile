# The reference AI service image: no base image (no registry is reachable in CI). The build
# context is assembled by scripts/build-image.mjs from the host: its node binary, the libraries
# `ldd` lists for it (and the dynamic loader), and greenlight's CLI bundled with esbuild.
FROM scratch
COPY rootfs/ /
ENTRYPOINT ["/usr/local/bin/node", "/app/dist/greenlight.js"]
CMD ["--help"]
