resource "aws_appautoscaling_target" "readers" {
  count = local.make_cluster && var.reader_scaling && !local.serverless ? 1 : 0

  max_capacity       = var.reader_scaling_max
  min_capacity       = var.reader_scaling_min
  resource_id        = "cluster:${try(aws_rds_cluster.main[0].cluster_identifier, "")}"
  scalable_dimension = "rds:cluster:ReadReplicaCount"
  service_namespace  = "rds"
}

resource "aws_appautoscaling_policy" "readers" {
  count = local.make_cluster && var.reader_scaling && !local.serverless ? 1 : 0

  name               = "reader-target"
  policy_type        = "TargetTrackingScaling"
  resource_id        = "cluster:${try(aws_rds_cluster.main[0].cluster_identifier, "")}"
  scalable_dimension = "rds:cluster:ReadReplicaCount"
  service_namespace  = "rds"

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = var.reader_metric
    }

    scale_in_cooldown  = var.reader_scale_in_cooldown
    scale_out_cooldown = var.reader_scale_out_cooldown
    target_value       = var.reader_metric == "RDSReaderAverageCPUUtilization" ? var.reader_cpu_target : var.reader_connections_target
  }

  depends_on = [
    aws_appautoscaling_target.readers
  ]
}
