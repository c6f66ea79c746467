# – ENDPOINT –

resource "random_string" "suffix" {
  length  = 6
  special = false
  upper   = false
}

resource "aws_sagemaker_model" "model" {
  name               = "${var.prefix}-model-${random_string.suffix.result}"
  execution_role_arn = aws_iam_role.endpoint[0].arn

  dynamic "primary_container" {
    for_each = length(var.containers) == 1 ? [var.containers[0]] : []
    content {
      image       = primary_container.value.image_uri
      mode        = primary_container.value.mode
      environment = primary_container.value.environment

      dynamic "model_data_source" {
        for_each = primary_container.value.model_data_source != null ? [primary_container.value.model_data_source] : []
        content {
          s3_data_source {
            s3_data_type     = model_data_source.value.s3_data_type
            s3_uri           = model_data_source.value.s3_uri
            compression_type = model_data_source.value.is_compressed == true ? "Gzip" : "None"
          }
        }
      }
    }
  }

  dynamic "container" {
    for_each = length(var.containers) > 1 ? var.containers : []
    content {
      image = container.value.image_uri
      mode  = container.value.mode
    }
  }
  tags = var.tags
}

resource "aws_sagemaker_endpoint_configuration" "config" {
  name = "${var.prefix}-config-${random_string.suffix.result}"

  production_variants {
    dynamic "core_dump_config" {
      for_each = var.variant.core_dump_config != null ? [var.variant.core_dump_config] : []
      content {
        destination_s3_uri = core_dump_config.value.destination_s3_uri
      }
    }
    initial_instance_count = var.variant.initial_instance_count
    instance_type          = var.variant.instance_type
    model_name             = aws_sagemaker_model.model.name
    variant_name           = var.variant.variant_name
    initial_variant_weight = 1.0
  }

  tags = var.tags
}

resource "aws_sagemaker_endpoint" "endpoint" {
  name                 = var.endpoint_name
  endpoint_config_name = aws_sagemaker_endpoint_configuration.config.name
  tags                 = var.tags
}

# – SCALING –

resource "aws_appautoscaling_target" "variant" {
  count              = var.scaling != null ? 1 : 0
  max_capacity       = var.scaling.max_capacity
  min_capacity       = var.scaling.min_capacity
  resource_id        = "endpoint/${aws_sagemaker_endpoint.endpoint.name}/variant/${var.variant.variant_name}"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  service_namespace  = "sagemaker"
}

resource "aws_appautoscaling_policy" "invocations" {
  name               = "VariantInvocationsTarget"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.variant[0].resource_id
  scalable_dimension = aws_appautoscaling_target.variant[0].scalable_dimension
  service_namespace  = aws_appautoscaling_target.variant[0].service_namespace

  target_tracking_scaling_policy_configuration {
    target_value = var.scaling.target_value
    scale_in_cooldown = var.scaling.scale_in_cooldown
    scale_out_cooldown = var.scaling.scale_out_cooldown

    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
  }
}
