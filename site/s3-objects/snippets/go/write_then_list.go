// Store an object, then list the bucket
package main

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

	// Replace with the name of your bucket.
	bucket := "amzn-s3-demo-bucket"

	// Store the object.
	_, err = client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket),
		Key:    aws.String("reports/2024.csv"),
		Body:   strings.NewReader("year,total\n2024,42\n"),
	})
	if err != nil {
		log.Fatal(err)
	}

	// List the keys.
	output, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{
		Bucket: aws.String(bucket),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(aws.ToInt32(output.KeyCount))
}
