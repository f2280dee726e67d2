/** Files sd-scripts users have, in each layout import reads: shared by the import tests. */

// The PySide trainer's saved form (field-catalogue A.16), with comments and keys we do not know.
export const pysideToml = `# saved by the old trainer
[[subsets]]
num_repeats = 10
caption_extension = ".txt"
name = "char"
image_dir = "D:/data/10_char"
shuffle_caption = true
keep_tokens = 1

[general_args.args]
mixed_precision = "bf16"
seed = 23
max_train_epochs = 10
pretrained_model_name_or_path = "D:/models/base.safetensors"
sdxl = true   # picks the SDXL script
sdpa = true
cache_latents = true

[general_args.dataset_args]
resolution = 1024
batch_size = 2

[network_args.args]
network_dim = 32
network_alpha = 16.0

[network_args.args.network_args]
conv_dim = 32
conv_alpha = 16.0
algo = "locon"

[optimizer_args.args]
optimizer_type = "AdamW8bit"
lr_scheduler = "cosine with restarts"
learning_rate = 0.0001

[optimizer_args.args.optimizer_args]
weight_decay = "0.1"

[saving_args.args]
output_dir = "D:/out"
output_name = "my_lora"
easy_name = "v1"

[bucket_args.dataset_args]
enable_bucket = true
bucket_reso_steps = 64

[train_mode]
train_mode = "lora"
`;

// sd-scripts flattens every table of a --config_file, so users group keys in sections.
export const sectionedConfig = `# my SD2 run
[model_arguments]
pretrained_model_name_or_path = "/models/sd2.safetensors"
v2 = true
v_parameterization = true

[training_arguments]
max_train_steps = 2000     # steps, not epochs
mixed_precision = "fp16"
xformers = true
my_fork_only_option = "x"

[network_arguments]
network_module = "networks.lora"
network_dim = 8
network_args = ["conv_dim=4", "conv_alpha=1", "my_arg=7"]

[sample_arguments]
sample_prompts = "/prompts/prompts.txt"
sample_every_n_steps = 100
`;

export const datasetToml = `[general]
shuffle_caption = true
caption_extension = ".txt"
keep_tokens = 1
resolution = [768, 512]

[[datasets]]
batch_size = 4
enable_bucket = true

  [[datasets.subsets]]
  image_dir = "/data/a"
  num_repeats = 5
  strange_key = 1

  [[datasets.subsets]]
  image_dir = "/data/reg"
  is_reg = true
  keep_tokens = 0

[[datasets]]
resolution = 1024
  [[datasets.subsets]]
  image_dir = "/data/b"
`;

export const prompts = `# prompts
a cat on a sofa --n blurry, lowres --w 768 --h 512 --d 5 --l 6.5 --s 25 --ss euler_a
second prompt
`;

// A kohya_ss GUI preset as its lora_gui.py saves it (key names from kohya_gui/lora_gui.py).
export const kohyaJson = JSON.stringify({
  LoRA_type: 'LyCORIS/LoKr',
  sdxl: true,
  v2: false,
  pretrained_model_name_or_path: '/models/sdxl.safetensors',
  train_data_dir: '/data/kohya',
  reg_data_dir: '',
  output_dir: '/out',
  output_name: 'lokr',
  epoch: 20,
  max_train_epochs: '',
  train_batch_size: 8,
  max_resolution: '1024,1024',
  optimizer: 'Prodigy',
  optimizer_args: 'decouple=True weight_decay=0.01',
  learning_rate: 1.0,
  lr_warmup: 10,
  conv_dim: 64,
  conv_alpha: 64,
  network_dim: 64,
  network_alpha: 64,
  rank_dropout: 0.1,
  network_dropout: 0,
  seed: '12345',
  clip_skip: '1',
  keep_tokens: '0',
  shuffle_caption: true,
  caption_extension: '.txt',
  sdxl_no_half_vae: true,
  cache_latents: true,
  mixed_precision: 'bf16',
  save_every_n_epochs: 1,
  save_every_n_steps: 0,
  use_cp: true,
  factor: -1,
  block_dims: '',
  model_list: 'custom',
  num_cpu_threads_per_process: 2,
  log_with: '',
});
