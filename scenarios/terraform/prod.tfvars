name                 = "ranker"
endpoint_config_name = "ranker-config-v3"
max_rps_per_instance = 20
autoscaling = {
  max_capacity      = 12
  scale_in_cooldown = 600
}
