variable "name" {
  description = "Prefix of the policy names"
  type        = string
}

variable "target_resource_id" {
  description = "ResourceId of the scalable target, from an `aws_appautoscaling_target` elsewhere"
  type        = string
}

variable "cpu_target" {
  description = "CPU percent to keep; required when `scale_on_cpu` is true."
  default     = null
  type        = number
}

variable "memory_target" {
  description = "Memory percent to keep; required when `scale_on_memory` is true."
  default     = null
  type        = number
}

variable "scale_on_cpu" {
  default = false
  type    = bool
}

variable "scale_on_memory" {
  default = false
  type    = bool
}

variable "in_cooldown" {
  default = 240
  type    = number
}

variable "out_cooldown" {
  default = 60
  type    = number
}

variable "no_scale_in" {
  description = "Never scale in"
  default     = false
  type        = bool
}
