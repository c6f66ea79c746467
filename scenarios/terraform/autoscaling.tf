# Autoscaling for a SageMaker endpoint variant, written the way a module
# keeps it: the endpoint comes from another resource, the numbers from
# variables, and the whole block is switched on by one of them.

resource "aws_appautoscaling_target" "variant" {
  count              = var.autoscaling != null ? 1 : 0
  min_capacity       = var.autoscaling.min_capacity
  max_capacity       = var.autoscaling.max_capacity
  resource_id        = "endpoint/${aws_sagemaker_endpoint.this.name}/variant/${var.variant_name}"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  service_namespace  = "sagemaker"
}

resource "aws_appautoscaling_policy" "invocations" {
  count              = var.autoscaling != null ? 1 : 0
  name               = "${var.name}-invocations"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.variant[0].resource_id
  scalable_dimension = aws_appautoscaling_target.variant[0].scalable_dimension
  service_namespace  = aws_appautoscaling_target.variant[0].service_namespace

  target_tracking_scaling_policy_configuration {
    target_value       = local.target_per_instance
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown
    scale_out_cooldown = var.autoscaling.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
  }
}

locals {
  # SageMaker's rule: MAX_RPS x SAFETY_FACTOR x 60 per instance per minute
  target_per_instance = var.max_rps_per_instance * var.safety_factor * 60
}

resource "aws_sagemaker_endpoint" "this" {
  name                 = "${var.name}-endpoint"
  endpoint_config_name = var.endpoint_config_name
  tags                 = { for k, v in var.tags : k => v if v != "" }
}
