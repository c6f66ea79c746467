resource "aws_appautoscaling_policy" "cpu" {
  count              = var.scale_on_cpu ? 1 : 0
  name               = "${var.name}-cpu"
  resource_id        = var.target_resource_id
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
  policy_type        = "TargetTrackingScaling"

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target
    disable_scale_in   = var.no_scale_in
    scale_in_cooldown  = var.in_cooldown
    scale_out_cooldown = var.out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "memory" {
  count              = var.scale_on_memory ? 1 : 0
  name               = "${var.name}-memory"
  resource_id        = var.target_resource_id
  scalable_dimension = "ecs:service:DesiredCount"
  service_namespace  = "ecs"
  policy_type        = "TargetTrackingScaling"

  target_tracking_scaling_policy_configuration {
    target_value       = var.memory_target
    disable_scale_in   = var.no_scale_in
    scale_in_cooldown  = var.in_cooldown
    scale_out_cooldown = var.out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}
