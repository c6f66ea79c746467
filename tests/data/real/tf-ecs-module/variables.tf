variable "tasks_min" {
  description = "Fewest tasks"
  type        = number
}

variable "tasks_max" {
  description = "Most tasks"
  type        = number
}

variable "cluster" {
  description = "Cluster name"
  type        = string
}

variable "service" {
  description = "Service name"
  type        = string
}

variable "memory_policy_name" {
  description = "Name of the memory policy"
  type        = string
}

variable "cpu_policy_name" {
  description = "Name of the CPU policy"
  type        = string
}

variable "cpu_in_cooldown" {
  description = "Scale-in cooldown of the CPU policy"
  type        = number
}

variable "cpu_out_cooldown" {
  description = "Scale-out cooldown of the CPU policy"
  type        = number
}

variable "cpu_target" {
  description = "CPU percent to keep"
  type        = number
}

variable "memory_in_cooldown" {
  description = "Scale-in cooldown of the memory policy"
  type        = number
}

variable "memory_out_cooldown" {
  description = "Scale-out cooldown of the memory policy"
  type        = number
}

variable "memory_target" {
  description = "Memory percent to keep"
  type        = number
}