# HAProxy for the compose stack's local override (docker/compose/docker-compose.local.yml): no base
# image, since no registry is reachable in CI. scripts/build-image.mjs assembles the context from
# the host: Debian's haproxy and the libraries `ldd` lists for it. The configuration is where the
# official image keeps it, so the same compose file mounts it for either image.
FROM scratch
COPY rootfs/ /
ENTRYPOINT ["/usr/local/sbin/haproxy"]
CMD ["-f", "/usr/local/etc/haproxy/haproxy.cfg", "-db"]
