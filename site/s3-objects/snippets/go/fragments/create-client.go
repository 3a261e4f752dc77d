ctx := context.Background()
cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
if err != nil {
	log.Fatal(err)
}
client := s3.NewFromConfig(cfg)
