resource "aws_appautoscaling_target" "t" {
  min_capacity       = 1
  max_capacity       = 4
  resource_id        = "endpoint/e/variant/v"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  service_namespace  = "sagemaker"
}

resource "aws_appautoscaling_policy" "p" {
  name               = "p"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.t.resource_id
  scalable_dimension = aws_appautoscaling_target.t.scalable_dimension
  service_namespace  = aws_appautoscaling_target.t.service_namespace
  target_tracking_scaling_policy_configuration {
    target_value = max(var.floor, 70)
    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
  }
}
