# – INPUTS –

variable "prefix" {
  description = "Put in front of every name."
  type        = string
  default     = "scorer"
}

variable "endpoint_name" {
  description = "Name of the endpoint."
  type        = string
  default     = "scorer-endpoint"
}

variable "tags" {
  type    = map(string)
  default = null
}

variable "containers" {
  description = "One primary container, or an inference pipeline."
  type = list(object({
    image_uri   = optional(string)
    mode        = optional(string, "SingleModel")
    environment = optional(map(string))
    model_data_source = optional(object({
      s3_data_type  = string
      s3_uri        = string
      is_compressed = optional(bool)
    }))
  }))
  default = []

  validation {
    condition = alltrue([
      for c in var.containers :
      c.mode == null || contains(["SingleModel", "MultiModel"], c.mode)
    ])
    error_message = "A container's mode is SingleModel or MultiModel."
  }

  validation {
    condition     = length(var.containers) <= 15
    error_message = "At most 15 containers."
  }
}

variable "variant" {
  description = "The production variant."
  type = object({
    core_dump_config = optional(object({
      destination_s3_uri = string
    }))
    initial_instance_count = optional(number)
    instance_type          = optional(string)
    variant_name           = optional(string, "AllTraffic")
  })
  default = ({
    initial_instance_count = 2
    instance_type          = "ml.c6i.large"
    variant_name           = "AllTraffic"
  })
}

variable "scaling" {
  description = "Autoscaling of the variant; null for none."
  type = object({
    min_capacity       = optional(number, 2)
    max_capacity       = number
    target_value       = number
    scale_in_cooldown  = number
    scale_out_cooldown = number
  })
  default = null
}
