# A SageMaker variant with a morning floor and an evening ceiling, and an
# action of another target that must be left out.
resource "aws_appautoscaling_target" "variant" {
  max_capacity       = 10
  min_capacity       = 1
  resource_id        = "endpoint/shop/variant/web"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  service_namespace  = "sagemaker"
}

resource "aws_appautoscaling_policy" "invocations" {
  name               = "invocations"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.variant.resource_id
  scalable_dimension = aws_appautoscaling_target.variant.scalable_dimension
  service_namespace  = aws_appautoscaling_target.variant.service_namespace

  target_tracking_scaling_policy_configuration {
    target_value       = 100000
    disable_scale_in   = true
    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
  }
}

resource "aws_appautoscaling_scheduled_action" "morning" {
  name               = "morning"
  service_namespace  = aws_appautoscaling_target.variant.service_namespace
  resource_id        = aws_appautoscaling_target.variant.resource_id
  scalable_dimension = aws_appautoscaling_target.variant.scalable_dimension
  schedule           = "cron(0 9 * * ? *)"
  timezone           = "Europe/London"
  start_time         = "2021-03-01T00:00:00Z"

  scalable_target_action {
    min_capacity = "4"
  }
}

resource "aws_appautoscaling_scheduled_action" "elsewhere" {
  name               = "elsewhere"
  service_namespace  = "sagemaker"
  resource_id        = "endpoint/shop/variant/api"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  schedule           = "rate(1 hour)"

  scalable_target_action {
    min_capacity = 8
  }
}
