# Prometheus for the compose stack's local override (docker/compose/docker-compose.local.yml): no
# base image, since no registry is reachable in CI. scripts/build-image.mjs assembles the context
# from the host: Debian's prometheus and the libraries `ldd` lists for it, laid out as in the
# official image (entrypoint /bin/prometheus, configuration in /etc/prometheus, data in /prometheus).
FROM scratch
COPY rootfs/ /
WORKDIR /prometheus
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
