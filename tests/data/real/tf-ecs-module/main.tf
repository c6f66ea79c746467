resource "aws_appautoscaling_target" "service" {
  max_capacity        = var.tasks_max
  min_capacity        = var.tasks_min
  resource_id         = "service/${var.cluster}/${var.service}"
  scalable_dimension  = "ecs:service:DesiredCount"
  service_namespace   = "ecs"
}

resource "aws_appautoscaling_policy" "memory" {
  name                = var.memory_policy_name
  policy_type         = "TargetTrackingScaling"
  resource_id         = aws_appautoscaling_target.service.resource_id
  scalable_dimension  = aws_appautoscaling_target.service.scalable_dimension
  service_namespace   = aws_appautoscaling_target.service.service_namespace

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }

    target_value        = var.memory_target
    scale_in_cooldown   = var.memory_in_cooldown
    scale_out_cooldown  = var.memory_out_cooldown
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  name                = var.cpu_policy_name
  policy_type         = "TargetTrackingScaling"
  resource_id         = aws_appautoscaling_target.service.resource_id
  scalable_dimension  = aws_appautoscaling_target.service.scalable_dimension
  service_namespace   = aws_appautoscaling_target.service.service_namespace

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }

    target_value        = var.cpu_target
    scale_in_cooldown   = var.cpu_in_cooldown
    scale_out_cooldown  = var.cpu_out_cooldown
  }
}
